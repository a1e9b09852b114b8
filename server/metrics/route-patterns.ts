import type { Express, Request, Response } from 'express';

/** The parts of express's router (package `router` 2.x) read here: a layer's path as registered, its route or router. */
interface Layer { rawPath?: unknown; route?: object; handle?: { stack?: unknown } }

/** The label of a request no route answered: an unknown path, or a refusal made before routing (a foreign origin). */
export const UNMATCHED = 'unmatched';
const LABEL_KEY = 'metricsRoute';

/** Names what answered a request that no express route did (a static file), for the request metrics. */
export function labelRoute(res: Response, label: string): void {
  res.locals[LABEL_KEY] = label;
}

const join = (prefix: string, path: string) => (path === '/' ? prefix || '/' : `${prefix}${path}`);
const pathsOf = (raw: unknown): string[] => (Array.isArray(raw) ? raw : [raw ?? '/']).map(String);

/**
 * Every express route with its full pattern (mount paths joined), walked once the app is built. This, rather than
 * `req.baseUrl + req.route.path` at the answer, because by then an error has climbed back out of its routers and
 * express has reset `baseUrl` to '' (a 403 from /webhooks/generic would read '/'), and because a router mounted under
 * a parameter (`/webhooks/aliyun/:secret/…`) has the secret itself in its `baseUrl`. A route reached from two places
 * keeps the first one's pattern: the secret paths are labelled as the plain ones.
 */
export function routePatterns(app: Express): Map<object, string> {
  const patterns = new Map<object, string>();
  const walk = (stack: Layer[], prefix: string) => {
    for (const layer of stack) {
      const paths = pathsOf(layer.rawPath);
      if (layer.route) {
        if (!patterns.has(layer.route)) patterns.set(layer.route, paths.map((p) => join(prefix, p)).join('|'));
        continue;
      }
      const inner = layer.handle?.stack;
      if (Array.isArray(inner)) for (const p of paths) walk(inner as Layer[], p === '/' ? prefix : join(prefix, p));
    }
  };
  walk(app.router.stack as Layer[], '');
  return patterns;
}

/**
 * The route label of an answered request: its route's full pattern, never the URL it was called with, so the
 * number of label values is the number of routes. A route the walk did not see (added after it) is labelled by its
 * own pattern.
 */
export function routeLabelOf(patterns: Map<object, string>, req: Request, res: Response): string {
  const route = req.route as { path?: unknown } | undefined;
  if (!route) return typeof res.locals[LABEL_KEY] === 'string' ? res.locals[LABEL_KEY] : UNMATCHED;
  return patterns.get(route) ?? pathsOf(route.path).join('|');
}
