/** YAML documents that once cost an import far more work than their size (issue 9, item 8). */

/** 500 entries with 99 aliases each (about 800 KB): quadratic alias resolution stalled the platform for 37 s. */
export function aliasAmplified(entries = 500, aliases = 99): string {
  const lines = ['registry:'];
  for (let i = 0; i < entries; i++) {
    lines.push(`  entry-${i}:`, `    image: &img${i} mcp/some-image-name-${i}`, `    title: Entry number ${i}`, '    tags:');
    for (let j = 0; j < aliases; j++) lines.push(`      - *img${i}`);
  }
  return `${lines.join('\n')}\n`;
}

/** Ten levels of ten aliases each: a few dozen aliases in the text, 10^10 nodes once expanded. */
export function billionLaughs(): string {
  const lines = ['l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
  for (let level = 1; level <= 9; level++) lines.push(`l${level}: &l${level} [${new Array(10).fill(`*l${level - 1}`).join(', ')}]`);
  lines.push('registry:', '  laughs:', '    image: x', '    tags: *l9');
  return lines.join('\n');
}
