import type { EntityManager } from 'typeorm';
import { isMysql } from '../db/data-source';
import { pricedChannels } from './channel-prices';
import { surveysIn } from './csat-figures';
import { rawRows } from './raw-rows';
import { rebuiltAppointmentDeltas } from './reminder-rollups';
import type { RollupDelta } from './rollup-keys';
import { writeRollups } from './rollup-store';
import { storedInstantOrNull } from './stored-values';
import { rebuiltVisitDeltas } from './visit-rollups';
import { surveyRowDeltas } from './survey-rollups';
import { inMonthStretches } from './backfill-stretches';

/**
 * Counts the visit reports' roll-ups — reminders and changes (reminder-rollups.ts), closed visits (visit-rollups.ts),
 * surveys sent and their scores (survey-rollups.ts) — for every appointment ever recorded, from the rows the reports
 * read, replacing whatever of those kinds was there. Run once by migration 1764900030000, so a clinic upgrading sees
 * its past in these reports at once instead of "none" until someone runs `npm run reports:rebuild` (which rewrites
 * every count of every day: minutes at a million messages, where this reads only the appointments' history).
 */
export async function backfillVisitReports(em: EntityManager): Promise<void> {
  const mysql = isMysql(em.connection);
  await em.query("DELETE FROM report_rollups WHERE kind IN ('reminder', 'appt_change', 'visit', 'survey')");
  const [bounds] = await rawRows<Record<string, unknown>>(em, `SELECT (SELECT MIN(at) FROM appointment_events) AS firstEvent,
    (SELECT MAX(at) FROM appointment_events) AS lastEvent, (SELECT MIN(starts_at) FROM appointments) AS firstVisit,
    (SELECT MAX(starts_at) FROM appointments) AS lastVisit`, {});
  const channels = await pricedChannels(em);
  const instants = [bounds?.firstEvent, bounds?.lastEvent, bounds?.firstVisit, bounds?.lastVisit].map(storedInstantOrNull);
  await inMonthStretches(instants, async (start, end) => {
    const deltas: RollupDelta[] = [
      ...await rebuiltAppointmentDeltas(em, start, end, channels), ...await rebuiltVisitDeltas(em, start, end),
      ...surveyRowDeltas(await surveysIn(em, { start, end }), { sent: true }),
    ];
    await writeRollups((sql, params) => em.query(sql, params), mysql, deltas);
  });
}
