import type { ApiOperation } from './operation';
import { adminPaths } from './paths-admin';
import { appointmentPaths } from './paths-appointments';
import { campaignPaths, channelPaths } from './paths-campaigns';
import { contactPaths } from './paths-contacts';
import { inboxPaths, simulatorPaths } from './paths-inbox';
import { reportPaths } from './paths-reports';
import { servicePaths } from './paths-service';
import { teamPaths } from './paths-team';
import { webhookPaths } from './paths-webhooks';

/**
 * Every route Huixin serves outside the inbox-ui's pages, in the order the docs page shows them. A route added to
 * the app and not here fails test/server/openapi/route-coverage.test.ts, which walks the real app's router.
 */
export const API_OPERATIONS: readonly ApiOperation[] = [
  ...teamPaths, ...inboxPaths, ...contactPaths, ...appointmentPaths, ...campaignPaths, ...channelPaths,
  ...adminPaths, ...reportPaths, ...simulatorPaths, ...webhookPaths, ...servicePaths,
];

/** `/api/conversations/{id}` matches `/api/conversations/42`; a parameter never spans a slash. */
const matcherOf = (path: string) =>
  new RegExp(`^${path.split(/(\{[^}]+\})/).map((part) => (part.startsWith('{') ? '[^/]+' : part.replace(/[.*+?^$()|[\]\\]/g, '\\$&'))).join('')}$`);

const matchers = API_OPERATIONS.map((op) => ({ op, re: matcherOf(op.path) }));

/**
 * The documented operation a request was answered by, literal paths before templated ones (so
 * `/api/conversations/counts` is not read as `/api/conversations/{id}`).
 */
export function findOperation(method: string, urlPath: string): ApiOperation | undefined {
  const m = method.toLowerCase();
  const candidates = matchers.filter(({ op, re }) => op.method === m && re.test(urlPath));
  candidates.sort((a, b) => (a.op.path.match(/\{/g)?.length ?? 0) - (b.op.path.match(/\{/g)?.length ?? 0));
  return candidates[0]?.op;
}
