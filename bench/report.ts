/** What every benchmark prints: percentiles of sorted samples and a Markdown table. */

/** The p-th percentile (0–100) of samples sorted ascending; NaN for none. */
export function percentile(sorted: number[], p: number): number {
  return sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** A Markdown table; `align: 'right'` pads cells on the left (numbers). */
export function table(header: string[], rows: string[][], align: 'left' | 'right' = 'left'): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const pad = (cell: string, width: number) => (align === 'right' ? cell.padStart(width) : cell.padEnd(width));
  const line = (cells: string[]) => `| ${cells.map((c, i) => pad(c, widths[i]!)).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}
