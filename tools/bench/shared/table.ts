/** A plain-text table with aligned columns; numbers (cells starting with a digit) are right-aligned. */
export function formatTable(header: readonly string[], rows: readonly (readonly string[])[], indent = '  '): string {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)));
  const isNumeric = (cell: string) => /^[\d.,<>~+-]/.test(cell);
  const line = (cells: readonly string[], alignNumbers: boolean) =>
    indent +
    cells
      .map((cell, column) => (alignNumbers && isNumeric(cell) ? cell.padStart(widths[column]) : cell.padEnd(widths[column])))
      .join('  ')
      .trimEnd();
  return [line(header, false), indent + widths.map((width) => '─'.repeat(width)).join('  '), ...rows.map((row) => line(row, true))].join('\n');
}
