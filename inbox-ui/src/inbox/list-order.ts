import type { ConversationView, ConversationViewName } from '../../../server/inbox/socket-contract';

/** The server's view filters, mirrored so a live `conversation:updated` lands in (or leaves) the open list. */
export function matchesView(c: ConversationView, view: ConversationViewName, me: number): boolean {
  switch (view) {
    case 'needs-person': return c.handledBy === 'human' && c.status === 'open';
    case 'mine': return c.assigneeId === me && c.status !== 'resolved';
    case 'unassigned': return c.handledBy === 'human' && c.status === 'open' && c.assigneeId === null;
    case 'bot': return c.handledBy === 'bot' && c.status === 'open';
    case 'resolved': return c.status === 'resolved';
    case 'all': return true;
  }
}

const time = (iso: string | null | undefined) => (iso ? Date.parse(iso) : 0);

/** Same order as the server: waiting customers first (longest wait on top), then latest activity. */
export function byWaitingTime(a: ConversationView, b: ConversationView): number {
  if (!!a.waitingSince !== !!b.waitingSince) return a.waitingSince ? -1 : 1;
  if (a.waitingSince && b.waitingSince && a.waitingSince !== b.waitingSince) return time(a.waitingSince) - time(b.waitingSince);
  return time(b.lastMessageAt) - time(a.lastMessageAt) || b.id - a.id;
}

/** How long a customer has waited, in the unit that reads best: 3 minutes, 2 hours, 1 day. */
export function waitedFor(iso: string, now: number): { unit: 'minutes' | 'hours' | 'days'; n: number } {
  const minutes = Math.max(0, Math.round((now - Date.parse(iso)) / 60_000));
  if (minutes < 60) return { unit: 'minutes', n: minutes };
  if (minutes < 48 * 60) return { unit: 'hours', n: Math.round(minutes / 60) };
  return { unit: 'days', n: Math.round(minutes / 1440) };
}
