import type { Express } from 'express';

/** The parts of express's router (package `router` 2.x) read here, as in server/metrics/route-patterns.ts. */
interface Layer { rawPath?: unknown; route?: { methods?: Record<string, boolean> }; handle?: { stack?: unknown } }

export interface AppRoute { method: string; path: string }

const join = (prefix: string, path: string) => (path === '/' ? prefix || '/' : `${prefix}${path}`);
const pathsOf = (raw: unknown): string[] => (Array.isArray(raw) ? raw : [raw ?? '/']).map(String);

/**
 * Every route the app answers, mount paths joined, with express's `:name` parameters and `*rest` wildcards as
 * written. Walked from the real app rather than listed by hand, so a route added anywhere shows up here.
 */
export function appRoutes(app: Express): AppRoute[] {
  const routes: AppRoute[] = [];
  const walk = (stack: Layer[], prefix: string) => {
    for (const layer of stack) {
      const paths = pathsOf(layer.rawPath);
      if (layer.route) {
        const methods = Object.keys(layer.route.methods ?? {}).filter((m) => m !== '_all');
        for (const p of paths) for (const m of methods) routes.push({ method: m.toUpperCase(), path: join(prefix, p) });
        continue;
      }
      const inner = layer.handle?.stack;
      if (Array.isArray(inner)) for (const p of paths) walk(inner as Layer[], p === '/' ? prefix : join(prefix, p));
    }
  };
  walk(app.router.stack as Layer[], '');
  return routes;
}
