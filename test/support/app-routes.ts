import type { Express } from 'express';
import { routePatterns } from '../../server/metrics/route-patterns';

export interface AppRoute { method: string; path: string }

/**
 * Every route the app answers, mount paths joined, with express's `:name` parameters as written: the request
 * metrics' walk of the router (route-patterns.ts), read with each route's methods. Walked from the real app rather
 * than listed by hand, so a route added anywhere shows up here.
 */
export function appRoutes(app: Express): AppRoute[] {
  return [...routePatterns(app)].flatMap(([route, pattern]) => {
    const methods = Object.keys((route as { methods?: Record<string, boolean> }).methods ?? {}).filter((m) => m !== '_all');
    return pattern.split('|').flatMap((path) => methods.map((m) => ({ method: m.toUpperCase(), path })));
  });
}
