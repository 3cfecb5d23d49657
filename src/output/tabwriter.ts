/**
 * Go's text/tabwriter with flags 0 and a space pad character, as kubeadm's tables use it
 * (`tabwriter.NewWriter(w, 10, 4, 3, ' ', 0)`): cells end with a tab, the last cell of a line is not
 * part of a column, and a column's width is set per block of consecutive lines that have a cell in
 * it, so an empty line (or a line with fewer cells) starts new blocks. Widths count characters.
 */
export interface TabwriterOptions {
  minwidth: number;
  padding: number;
}

/** kubeadm's settings: minwidth 10, padding 3 (tabwidth 4 only matters for tab padding). */
export const KUBEADM_TABWRITER: TabwriterOptions = { minwidth: 10, padding: 3 };

const width = (s: string): number => [...s].length;

/** Lay out `text` (lines of tab-terminated cells) exactly as a flushed Go tabwriter would. */
export function tabwrite(text: string, options: TabwriterOptions = KUBEADM_TABWRITER): string {
  const endsWithNewline = text.endsWith('\n');
  const lines = (endsWithNewline ? text.slice(0, -1) : text).split('\n').map((l) => l.split('\t'));
  const out: string[] = [];
  const widths: number[] = [];

  const writeLines = (from: number, to: number): void => {
    for (let i = from; i < to; i++) {
      const cells = lines[i]!;
      let line = '';
      cells.forEach((cell, j) => {
        line += cell;
        if (j < widths.length && j < cells.length - 1) line += ' '.repeat(Math.max(0, widths[j]! - width(cell)));
      });
      out.push(line);
    }
  };

  const format = (line0: number, line1: number): void => {
    const column = widths.length;
    let start = line0;
    for (let cur = line0; cur < line1; cur++) {
      if (column >= lines[cur]!.length - 1) continue;
      writeLines(start, cur);
      start = cur;
      let w = options.minwidth;
      for (; cur < line1; cur++) {
        const cells = lines[cur]!;
        if (column >= cells.length - 1) break;
        w = Math.max(w, width(cells[column]!) + options.padding);
      }
      widths.push(w);
      format(start, cur);
      widths.pop();
      start = cur;
    }
    writeLines(start, line1);
  };

  format(0, lines.length);
  return out.join('\n') + (endsWithNewline ? '\n' : '');
}
