import { Router, type Request } from 'express';
import { isSupportedCountry } from 'libphonenumber-js/max';
import { z } from 'zod';
import { requireRole } from '../auth/require-role';
import type { AppDeps } from '../deps';
import { HttpError } from '../http/errors';
import { boundedText, oneOf } from '../http/query-schemas';
import { parseInput, parseQuery } from '../http/validate';
import { erasedNumberHasher } from './phone-hash';
import type { CsvEncoding } from './transfer/csv-decode';
import { exportContactsCsv } from './transfer/export-csv';
import { listQuery } from './contact-schemas';
import { importContactsCsv } from './transfer/import-csv';

/** The largest file an import reads: about 400,000 rows of a typical contact list. */
export const IMPORT_LIMIT_BYTES = 50 * 1_048_576;

const ENCODING_NAMES: Record<string, CsvEncoding> = { 'utf-8': 'utf-8', utf8: 'utf-8', gbk: 'gb18030', gb2312: 'gb18030', gb18030: 'gb18030' };

const mappingSchema = z.record(z.string().max(100), z.string().max(40, 'must be at most 40 characters'));

export const importQuery = z.object({
  dryRun: oneOf(['true', 'false']).optional(),
  source: boundedText(100).trim().optional(),
  region: boundedText(2).toUpperCase().refine((r) => isSupportedCountry(r), 'is not a country code (e.g. CN)').optional(),
  encoding: oneText(Object.keys(ENCODING_NAMES)).optional(),
  mapping: boundedText(4000).optional(),
});

// The list's filters exactly (search in both scripts and any phone spelling, tag, consent, activity): the file holds
// what the page shows.
export const exportQuery = listQuery.omit({ phone: true, cursor: true, limit: true });

/** CSV import and export of contacts (issue 13). Mounted before the inbox's /contacts/:id: "export" is not an id. */
export function contactTransferRoutes(deps: AppDeps): Router {
  const router = Router();
  const admin = requireRole(deps.sessions, 'admin');

  router.post('/contacts/import', admin, async (req, res) => {
    if (!req.is('text/csv')) throw new HttpError(415, 'unsupported_media_type', 'Send the file as text/csv');
    if ((req.headers['content-encoding'] ?? 'identity') !== 'identity') throw new HttpError(415, 'unsupported_media_type', 'Send the file uncompressed');
    if (Number(req.headers['content-length'] ?? 0) > IMPORT_LIMIT_BYTES) {
      res.set('Connection', 'close');
      throw new HttpError(413, 'body_too_large', `The file is larger than ${IMPORT_LIMIT_BYTES / 1_048_576} MB`);
    }
    const query = parseQuery(importQuery, req);
    const now = deps.clock.now();
    try {
      const summary = await importContactsCsv(req, {
        ds: deps.ds, now, dryRun: query.dryRun === 'true', defaultTimezone: deps.config.DEFAULT_TIMEZONE,
        detail: query.source || `imported: ${now.toISOString().slice(0, 10)}`,
        hash: await erasedNumberHasher(deps.ds),
        region: query.region ?? deps.config.DEFAULT_REGION,
        mapping: query.mapping === undefined ? {} : parseMapping(query.mapping),
        encoding: encodingOf(req, query.encoding),
        limitBytes: IMPORT_LIMIT_BYTES,
      });
      res.json(summary);
    } catch (err) {
      if (err instanceof HttpError && err.status === 413) res.set('Connection', 'close');   // not read on at all
      throw err;
    } finally {
      // A refused header or a CSV break leaves the rest of the upload unread: drain it, or the kept-alive connection
      // would carry it into the next request.
      if (res.get('Connection') !== 'close') req.resume();
    }
  });

  router.get('/contacts/export', admin, async (req, res) => {
    const filter = parseQuery(exportQuery, req);
    const rows = exportContactsCsv(deps.ds, filter, deps.config.DEFAULT_REGION);
    const first = await rows.next();   // a database failure before anything is sent is still a proper error answer
    res.set('Content-Type', 'text/csv; charset=utf-8');
    res.set('Content-Disposition', `attachment; filename="contacts-${deps.clock.now().toISOString().slice(0, 10)}.csv"`);
    if (!first.done) res.write(first.value);
    try {
      for await (const chunk of rows) {
        if (!res.write(chunk)) await new Promise((resolve) => res.once('drain', resolve));
        if (res.destroyed) return;
      }
      res.end();
    } catch (err) {
      // Half a file already went out: cutting the connection tells the client it is incomplete, a 500 no longer can.
      deps.log.error({ err }, 'contacts export failed part way');
      res.destroy();
    }
  });

  return router;
}

function oneText(values: string[]) {
  return boundedText(20).toLowerCase().refine((v) => values.includes(v), `must be one of ${values.join(', ')}`);
}

/** `?mapping=` is JSON: {"手机":"phone","姓名":"name","会员等级":"tier"}. */
function parseMapping(text: string): Record<string, string> {
  let json: unknown;
  try { json = JSON.parse(text); } catch { throw new HttpError(400, 'invalid_field', 'mapping: is not JSON (e.g. {"手机":"phone"})', 'mapping'); }
  return parseInput(z.object({ mapping: mappingSchema }), { mapping: json }).mapping;
}

/** `?encoding=` first, then a charset in the content type (text/csv; charset=gbk); otherwise the decoder guesses. */
function encodingOf(req: Request, forced: string | undefined): CsvEncoding | undefined {
  if (forced) return ENCODING_NAMES[forced];
  const charset = /charset=["']?([\w-]+)/i.exec(req.headers['content-type'] ?? '')?.[1]?.toLowerCase();
  return charset ? ENCODING_NAMES[charset] : undefined;
}
