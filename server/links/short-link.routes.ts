import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { ShortLink } from '../db/entities';
import { inTransaction } from '../db/transaction';
import type { AppDeps } from '../deps';
import { CODE_PATTERN } from './link-codes';
import { recordClick } from './link-clicks';
import { isPreviewFetch } from './link-preview';

const params = z.object({ code: z.string().regex(CODE_PATTERN) });

const NOT_FOUND_PAGE = '<!doctype html><html lang="zh"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>链接无效 · Link not found</title></head>'
  + '<body><h1>链接无效或已过期</h1><p>This link is not valid.</p></body></html>';

/**
 * A plain page for a person's browser, the JSON error shape for anything that asks for JSON (scripts, the API's
 * error contract). Malformed and unknown codes get the same answer, so nothing tells a code's shape from its absence.
 */
function notFound(req: Request, res: Response): void {
  res.set('Cache-Control', 'no-store');
  if (req.accepts(['json', 'html']) === 'html') res.status(404).type('html').send(NOT_FOUND_PAGE);
  else res.status(404).json({ error: { code: 'not_found', message: 'No such link' } });
}

/**
 * `GET /s/:code` → 302 to the link's target. Answered after one indexed read whether the code exists or not (the click
 * is recorded after the answer has gone), so response times do not tell known codes from unknown ones. Link-preview
 * fetchers and HEAD requests are redirected too but not counted. No-store: every tap reaches us, and no cache
 * replays one person's redirect to another. No referrer: the target never learns the code.
 */
export function shortLinkRoutes({ ds, clock, log }: AppDeps): Router {
  const router = Router();
  router.get('/:code', async (req, res) => {
    const parsed = params.safeParse(req.params);
    const link = parsed.success ? await ds.manager.findOne(ShortLink, { where: { code: parsed.data.code }, select: { id: true, targetUrl: true } }) : null;
    if (!link) { notFound(req, res); return; }
    res.set({ 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer' }).redirect(302, link.targetUrl);
    if (isPreviewFetch({ method: req.method, userAgent: req.get('user-agent'), purpose: req.get('sec-purpose') ?? req.get('purpose') })) return;
    const now = clock.now();
    // After the answer has left (a timer past 'finish'): SQLite's driver is synchronous, and a write begun sooner held
    // the redirect back by ~0.5 ms, enough to tell a known code from an unknown one (npm run bench:links).
    res.once('finish', () => setTimeout(() => {
      inTransaction(ds, (em) => recordClick(em, link.id, now))
        .catch((err: unknown) => log.error({ err, linkId: link.id }, 'short link click not recorded'));
    }, 0));
  });
  return router;
}
