/** Parses RFC 4180 CSV (quoted fields may hold commas, quotes as "" and line breaks) into rows. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let isQuoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i];
    if (isQuoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (ch === '"') {
        isQuoted = false;
      } else {
        field += ch;
      }
    } else if (ch === '"') {
      isQuoted = true;
    } else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i += 1;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else {
      field += ch;
    }
  }
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  return rows;
}

/**
 * Labelled documents from CSV text with the columns `title`, `detail` and `label` (the category);
 * `type` and `urgency` columns, when present, label those heads. Rows without a label are skipped.
 */
export function labelledDocumentsFromCsv(text: string): Array<{ title: string; detail: string; labels: Record<string, string> }> {
  const [header, ...rows] = parseCsv(text.replace(/^\uFEFF/, ''));
  const columns = (header ?? []).map((name) => name.trim().toLowerCase());
  const at = (name: string): number => columns.indexOf(name);
  const missing = ['title', 'detail', 'label'].filter((name) => at(name) < 0);
  if (missing.length > 0) throw new Error(`CSV needs the columns title, detail and label; missing: ${missing.join(', ')}`);
  const extra = ['type', 'urgency'].filter((name) => at(name) >= 0);
  return rows
    .filter((row) => (row[at('label')] ?? '').trim() !== '')
    .map((row) => ({
      title: row[at('title')] ?? '',
      detail: row[at('detail')] ?? '',
      labels: Object.fromEntries<string>([
        ['category', (row[at('label')] ?? '').trim()],
        ...extra.map((name): [string, string] => [name, (row[at(name)] ?? '').trim()]),
      ]),
    }));
}
