import type { IncomingHttpHeaders } from 'node:http';

export const SESSION_COOKIE = 'huixin_session';

/** The token of `Authorization: Bearer …`: scripts and tests send it, and a browser never adds it on its own. */
export function bearerToken(headers: IncomingHttpHeaders): string | undefined {
  const header = headers.authorization;
  return header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
}

/** The browser's session token, from the httpOnly cookie; a malformed value is simply no session. */
export function cookieToken(headers: IncomingHttpHeaders): string | undefined {
  const cookie = headers.cookie?.split(';').map((c) => c.trim()).find((c) => c.startsWith(`${SESSION_COOKIE}=`));
  if (!cookie) return undefined;
  try {
    return decodeURIComponent(cookie.slice(SESSION_COOKIE.length + 1)) || undefined;
  } catch {
    return undefined;
  }
}

/** The bearer token or, for the browser, the session cookie: the one rule HTTP routes and socket handshakes share. */
export const sessionTokenOf = (headers: IncomingHttpHeaders): string | undefined => bearerToken(headers) ?? cookieToken(headers);
