import type { Response } from 'express';
import { csvLine } from '../contacts/transfer/export-csv';

/**
 * Report tables as CSV (`?format=csv` on a report route): UTF-8 with a BOM so Excel opens Chinese correctly, and the
 * contacts export's cell escaping (a cell starting = + - @ gets a leading ', so no cell runs as a formula).
 */
const BOM = '\uFEFF';

/** Nested objects become dotted columns (`name.zh`), null an empty cell. */
function flatten(row: Record<string, unknown>, prefix = '', into: Record<string, string> = {}): Record<string, string> {
  for (const [key, value] of Object.entries(row)) {
    const name = prefix ? `${prefix}.${key}` : key;
    if (value && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Date)) flatten(value as Record<string, unknown>, name, into);
    else into[name] = value == null ? '' : value instanceof Date ? value.toISOString() : Array.isArray(value) ? value.join(';') : String(value);
  }
  return into;
}

const attachment = (res: Response, filename: string) => {
  res.type('text/csv; charset=utf-8');
  res.set('Content-Disposition', `attachment; filename="${filename.replace(/[^\w.-]/g, '_')}.csv"`);
};

/** One table of rows, its columns those of all rows in first-seen order. */
export function sendCsv(res: Response, filename: string, rows: object[]): void {
  const flat = rows.map((r) => flatten(r as Record<string, unknown>));
  const columns = [...new Set(flat.flatMap((r) => Object.keys(r)))];
  attachment(res, filename);
  res.send(BOM + csvLine(columns) + flat.map((r) => csvLine(columns.map((c) => r[c] ?? ''))).join(''));
}

/** A long list, written page by page as it is read (a drill-down of 100,000 texts never sits in memory whole). */
export async function streamCsv<T extends object>(res: Response, filename: string, pages: AsyncIterable<T[]>): Promise<void> {
  attachment(res, filename);
  let columns: string[] | null = null;
  for await (const page of pages) {
    const flat = page.map((r) => flatten(r as Record<string, unknown>));
    if (!columns) {
      columns = Object.keys(flat[0] ?? {});
      res.write(BOM + csvLine(columns));
    }
    const cols = columns;
    if (flat.length) res.write(flat.map((r) => csvLine(cols.map((c) => r[c] ?? ''))).join(''));
  }
  if (!columns) res.write(BOM);
  res.end();
}

export type Cell = string | number | boolean | Date | null | undefined;

const cellText = (cell: Cell): string => (cell === null || cell === undefined ? '' : cell instanceof Date ? cell.toISOString() : String(cell));

/** A table of named columns as CSV text: UTF-8 with a BOM, CRLF lines, formula-looking cells prefixed with '. */
export function csvText(columns: readonly string[], rows: readonly Cell[][]): string {
  return BOM + csvLine([...columns]) + rows.map((row) => csvLine(row.map(cellText))).join('');
}

/** Sends a table of named columns as a download named `<name>.csv` (the report, the table and the dates: ASCII). */
export function sendCsvTable(res: Response, name: string, columns: readonly string[], rows: readonly Cell[][]): void {
  attachment(res, name);
  res.send(csvText(columns, rows));
}

/** Flat objects as rows of the named columns, in that order. */
export const rowsOf = (columns: readonly string[], items: ReadonlyArray<Record<string, Cell>>): Cell[][] =>
  items.map((item) => columns.map((c) => item[c]));
