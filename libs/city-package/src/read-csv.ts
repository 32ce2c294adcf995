import { parse } from 'csv-parse/sync';
import type { ProblemList } from './import-problem';

export interface CsvRow {
  /** 1-based line where the record ends (the header is line 1). */
  readonly line: number;
  readonly record: Readonly<Record<string, string>>;
}

/**
 * Parses a CSV text with a header row; a malformed file becomes one problem (with the parser's line),
 * and a missing required column one problem per column.
 */
export function parseCsvRows(file: string, text: string, problems: ProblemList, requiredColumns: readonly string[]): CsvRow[] | null {
  let parsed: Array<{ record: Record<string, string>; info: { lines: number } }>;
  try {
    parsed = parse<{ record: Record<string, string>; info: { lines: number } }>(text, { columns: true, info: true, skip_empty_lines: true, bom: true, trim: true, relax_column_count: false });
  } catch (err) {
    const { message, lines } = err as Error & { lines?: number };
    problems.add({ file, ...(lines === undefined ? {} : { line: lines }), message: `not valid CSV: ${message}` });
    return null;
  }
  const header = headerOf(text);
  const missing = requiredColumns.filter((column) => !header.includes(column));
  for (const column of missing) problems.add({ file, line: 1, field: column, message: `the column "${column}" is missing (the header has: ${header.join(', ')})` });
  if (missing.length > 0) return null;
  return parsed.map(({ record, info }) => ({ line: info.lines, record }));
}

export function headerOf(text: string): string[] {
  const firstLine = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  try {
    const rows: string[][] = parse(firstLine, { trim: true });
    const [row] = rows;
    return row ?? [];
  } catch {
    return [];
  }
}
