import { useEffect, type RefObject } from 'react';

/** The column's header text, or null when the header is only for screen readers (an actions column). */
function headerLabel(header: HTMLTableCellElement): string | null {
  const visible = [...header.childNodes].some((node) => (node instanceof HTMLElement ? !node.classList.contains('visually-hidden') : node.textContent?.trim()));
  const text = header.textContent?.trim() ?? '';
  return visible && text !== '' ? text : null;
}

/** Gives every body cell of the tables under `root` a `data-label`: its column's header. */
function labelCells(root: HTMLElement): void {
  for (const table of root.querySelectorAll('table')) {
    const headerRow = table.tHead?.rows[0];
    if (!headerRow) continue;
    const labels: (string | null)[] = [];
    for (const header of headerRow.cells) for (let i = 0; i < header.colSpan; i++) labels.push(headerLabel(header));
    for (const body of table.tBodies) {
      for (const row of body.rows) {
        let column = 0;
        for (const cell of row.cells) {
          // A cell across several columns (a server's error under its row) has no one label.
          const label = cell.colSpan === 1 ? labels[column] : null;
          column += cell.colSpan;
          if (label) {
            if (cell.dataset.label !== label) cell.dataset.label = label;
          } else if (cell.dataset.label !== undefined) delete cell.dataset.label;
        }
      }
    }
  }
}

/**
 * On a narrow screen styles.css shows each table row as a card whose cells carry their column's name
 * (`td[data-label]::before`). The tables only declare their headers once, in <thead>: this copies them onto
 * the cells of every table under `root`, again whenever rows come or go. React leaves the attribute alone
 * (it sets none by that name).
 */
export function useTableLabels(root: RefObject<HTMLElement | null>): void {
  useEffect(() => {
    const element = root.current;
    if (!element) return;
    let frame = 0;
    const schedule = () => {
      if (frame === 0)
        frame = requestAnimationFrame(() => {
          frame = 0;
          labelCells(element);
        });
    };
    labelCells(element);
    const observer = new MutationObserver(schedule);
    observer.observe(element, { childList: true, subtree: true });
    return () => {
      observer.disconnect();
      cancelAnimationFrame(frame);
    };
  }, [root]);
}
