import type { IncomingHttpHeaders } from 'node:http';
import type { Request, RequestHandler } from 'express';
import { HttpError } from './errors';

/**
 * Whether a browser sent this request from a page of another site. Allowed: PUBLIC_URL's origin, and the host the
 * request was sent to (so http://localhost:3000 works with no PUBLIC_URL; only the host is compared, since a proxy
 * that ends TLS may not say the scheme). Behind a proxy that rewrites Host, set PUBLIC_URL.
 *
 * Without an Origin header: browsers send Origin on every cross-origin POST/PUT/PATCH/DELETE, WebSocket and
 * cross-origin XHR, so its absence means a same-origin GET or a non-browser client, neither a forgery. Fetch
 * Metadata (`Sec-Fetch-Site`) is still honoured when present; with neither header the request is allowed (the
 * SameSite=Lax cookie already keeps old browsers from sending the session on a cross-site POST).
 *
 * @example isForeignOrigin({ origin: 'https://evil.example', host: 'localhost:3000' }) // → true
 */
export function isForeignOrigin(headers: IncomingHttpHeaders, publicUrl?: string): boolean {
  const origin = headers.origin;
  if (origin === undefined) return headers['sec-fetch-site'] === 'cross-site' || headers['sec-fetch-site'] === 'same-site';
  if (publicUrl && origin === new URL(publicUrl).origin) return false;
  try {
    return new URL(origin).host !== headers.host;
  } catch {
    return true;   // "null" (sandboxed frames, privacy-stripped redirects) or garbage
  }
}

const CHANGES_STATE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * 403 `forbidden_origin` for a state-changing request from another site that `applies` to (the API's cookie and
 * anonymous requests: a Bearer header is never added by a browser on its own, so it cannot be forged cross-site).
 */
export function refuseForeignOrigins(publicUrl: string | undefined, applies: (req: Request) => boolean): RequestHandler {
  return (req, _res, next) => {
    if (!CHANGES_STATE.has(req.method) || !applies(req) || !isForeignOrigin(req.headers, publicUrl)) return next();
    next(new HttpError(403, 'forbidden_origin', 'This request came from another site; Huixin only accepts changes from its own pages'));
  };
}
