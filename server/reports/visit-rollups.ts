import type { EntityManager } from 'typeorm';
import type { AppointmentStatus } from '../db/entities';
import { noVisits, type VisitCounts } from './appointment-figures';
import { visitRows } from './appointment-rows';
import { rawRows } from './raw-rows';
import type { RollupSum } from './rollup-read';
import { hourOf, type RollupDelta } from './rollup-keys';
import { countRollups } from './rollup-store';

/**
 * Closed visits counted in `report_rollups` (kind `visit`, rollup-keys.ts) for the no-show figures: a visit is closed
 * once (completed or a no-show, from booked or confirmed: appointment-actions.ts TRANSITIONS), after which neither its
 * time nor its status changes, so one count when it closes is the whole upkeep. Counted in the hour it started, as
 * appointment-rows.ts visitRows counts it in the range it started in; rebuilt from those rows.
 */
export type ClosedStatus = Extract<AppointmentStatus, 'completed' | 'no_show'>;

export function visitDeltas(startsAt: Date, locale: string, status: ClosedStatus, confirmed: boolean): RollupDelta[] {
  // `came`, not `completed`: report_rollups.state holds 20 characters, and "completed:unconfirmed" is 21.
  const state = `${status === 'no_show' ? 'no_show' : 'came'}:${confirmed ? 'confirmed' : 'unconfirmed'}`;
  return [{ hour: hourOf(startsAt), dim: 'language', value: locale.slice(0, 80), channelId: 0, kind: 'visit', state, n: 1, segments: 0 }];
}

/** A visit closed (appointment-actions.ts changeStatus), in the transaction that closes it. */
export async function countVisitClosed(em: EntityManager, appt: { contactId: number; startsAt: Date }, status: ClosedStatus, statusBefore: AppointmentStatus | null): Promise<void> {
  const [contact] = await rawRows<{ locale: string }>(em, 'SELECT locale FROM contacts WHERE id = :id', { id: appt.contactId });
  if (contact) await countRollups(em, visitDeltas(appt.startsAt, contact.locale, status, statusBefore === 'confirmed'));
}

/** The visits that started in [start, end) and were closed, from the rows the report reads (the rebuild's part, rollup-rebuild.ts). */
export async function rebuiltVisitDeltas(em: EntityManager, start: Date, end: Date): Promise<RollupDelta[]> {
  return (await visitRows(em, { start, end })).flatMap((v) => visitDeltas(v.startsAt, v.language, v.status, v.statusBefore === 'confirmed'));
}

/** Closed visits per language from summed `visit` rows (others are passed over). */
export function visitCountsOf(sums: RollupSum[]): VisitCounts {
  const counts: VisitCounts = new Map();
  for (const r of sums.filter((x) => x.kind === 'visit')) {
    const [status, confirmed] = r.state.split(':');
    let c = counts.get(r.value);
    if (!c) counts.set(r.value, c = noVisits());
    const side = confirmed === 'confirmed' ? c.confirmed : c.unconfirmed;
    side.visits += r.n;
    if (status === 'no_show') side.noShows += r.n;
  }
  return counts;
}
