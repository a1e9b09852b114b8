import type { Readable } from 'node:stream';
import { CsvError, parse, type Options } from 'csv-parse';
import { attributeFields } from '../attribute-values';
import { HttpError } from '../../http/errors';
import { CsvDecoder, type CsvEncoding } from './csv-decode';
import { importBatch, type ImportSettings, type RowNote } from './import-batch';
import { resolveColumns, type ColumnTarget } from './import-columns';
import { checkRow, type ImportRow } from './import-row';

/** Rows per transaction: big enough that statements are few, small enough that a batch's objects stay small. */
export const BATCH_ROWS = 1000;
/** The errors and notes listed in full; the counts cover all of them. */
export const LISTED_ROWS = 1000;

export interface ImportOptions extends ImportSettings {
  region: string;
  mapping: Record<string, string>;
  encoding?: CsvEncoding;
  limitBytes: number;
}

export interface ImportSummary {
  created: number;
  updated: number;
  skipped: number;
  /** Rows refused (bad phone, bad value …): nothing of them was written. */
  rejected: number;
  errors: RowNote[];
  errorCount: number;
  /** Rows imported or skipped with a remark: a duplicate of an earlier line, a refusal that stands. */
  notes: RowNote[];
  noteCount: number;
  dryRun: boolean;
  encoding: CsvEncoding;
  /** False when the file broke off (malformed CSV): rows before the break were imported, none after it. */
  complete: boolean;
}

/**
 * Reads a CSV of contacts from `body` as it arrives — decoded, parsed, checked row by row and written in batches —
 * so a 100,000-row file needs no more memory than a 10,000-row one (beyond the set of phones seen, for duplicates).
 * Header faults are a 400 before any row is written; a row's faults reject that row alone.
 */
export async function importContactsCsv(body: Readable, options: ImportOptions): Promise<ImportSummary> {
  const attributes = await attributeFields(options.ds.manager);
  const decoder = new CsvDecoder(options.limitBytes, options.encoding);
  // Not `info: true` (which would give line numbers): its per-record snapshot tripled csv-parse's time. Lines are
  // counted below instead, so blank lines come through as records to count.
  // autoDestroy off: a CSV error at the end (an unclosed quote) must not throw away the rows parsed before it, which
  // a destroyed stream's iterator would drop unread.
  const parser = parse({ relax_column_count: true, max_record_size: 65_536, autoDestroy: false } as Options);
  decoder.on('error', (err) => parser.destroy(err));
  // A client that goes away mid-upload ends nothing: without this the loop below would wait for the rest for ever.
  body.once('close', () => { if (!body.readableEnded) decoder.destroy(new HttpError(400, 'upload_cut_off', 'The upload stopped before the end of the file', 'body')); });
  body.pipe(decoder).pipe(parser);
  const summary: ImportSummary = {
    created: 0, updated: 0, skipped: 0, rejected: 0, errors: [], errorCount: 0, notes: [], noteCount: 0, dryRun: options.dryRun, encoding: 'utf-8', complete: true,
  };
  const note = (list: 'errors' | 'notes', entry: RowNote) => {
    if (summary[list].length < LISTED_ROWS) summary[list].push(entry);
    summary[list === 'errors' ? 'errorCount' : 'noteCount']++;
  };
  const firstLineOf = new Map<string, number>();
  let targets: ColumnTarget[] | null = null;
  let batch: ImportRow[] = [];
  let nextLine = 1;
  const flush = async () => {
    if (!batch.length) return;
    const outcome = await importBatch(options, batch);
    batch = [];
    summary.created += outcome.created; summary.updated += outcome.updated; summary.skipped += outcome.skipped;
    outcome.notes.forEach((n) => note('notes', n));
  };
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      // A record starts on the line after the previous one ended; quoted cells may hold line breaks of their own.
      const line = nextLine;
      nextLine = line + 1 + record.reduce((n, cell) => n + lineBreaksIn(cell), 0);
      if (record.every((cell) => cell.trim() === '')) continue;   // blank lines, and spreadsheets' rows of empty cells
      if (!targets) { targets = resolveColumns(record, options.mapping, attributes); continue; }
      const row = checkRow(line, record, targets, options.region);
      if (Array.isArray(row)) { summary.rejected++; row.forEach((f) => note('errors', { line, ...f })); continue; }
      const first = firstLineOf.get(row.phone);
      if (first !== undefined) { summary.skipped++; note('notes', { line, field: 'phone', message: `${row.phone} is already on line ${first}: this row was skipped` }); continue; }
      firstLineOf.set(row.phone, line);
      batch.push(row);
      if (batch.length >= BATCH_ROWS) await flush();
    }
  } catch (err) {
    if (!(err instanceof CsvError)) throw err;
    // The rest of the file cannot be read reliably (an unclosed quote runs to the end): keep what was read before it.
    summary.complete = false;
    note('errors', { line: nextLine, field: 'csv', message: `The file is not valid CSV from here (${err.message}); nothing after it was read` });
  } finally {
    body.unpipe(decoder);
    parser.destroy();
  }
  if (!targets) throw new HttpError(400, 'empty_file', 'The file is empty: the first line must name the columns (phone, name, …)', 'body');
  await flush();
  summary.encoding = decoder.encoding ?? 'utf-8';
  return summary;
}

const lineBreaksIn = (cell: string) => (cell.includes('\n') || cell.includes('\r') ? cell.match(/\r\n|\r|\n/g)!.length : 0);
