import type { IncomingMessage } from 'node:http';
import type { RequestHandler } from 'express';
import helmet from 'helmet';

/** A Host header fit to appear in a policy; anything else is left out rather than echoed. */
const PLAIN_HOST = /^[a-z0-9.-]+(:\d{1,5})?$|^\[[0-9a-f:.]+\](:\d{1,5})?$/i;

/** Socket.IO's WebSocket on the host the page came from, spelled out for browsers whose 'self' omits ws:/wss:. */
function socketSources(req: IncomingMessage): string {
  const host = req.headers.host;
  return host && PLAIN_HOST.test(host) ? `ws://${host} wss://${host}` : '';
}

/**
 * helmet's headers with a policy the built inbox-ui runs under: its scripts and styles are files from this origin
 * (vite emits no inline script; Vue's style bindings go through the CSSOM, which CSP does not govern), the favicon
 * is a data: URL, and the only connections are the API and Socket.IO. No framing at all, so nobody can overlay the
 * inbox to steal clicks. HSTS and upgrade-insecure-requests only when PUBLIC_URL is https: sent over plain http
 * they would lock a local install out of itself.
 */
export function securityHeaders(publicUrl: string | undefined): RequestHandler {
  const https = publicUrl?.startsWith('https:') ?? false;
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'", socketSources],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        ...(https ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    strictTransportSecurity: https ? { maxAge: 180 * 86_400 } : false,
    xFrameOptions: { action: 'deny' },
    // Full referrer within Huixin (its own pages), none to other sites: thread URLs carry phone numbers.
    referrerPolicy: { policy: 'same-origin' },
  });
}
