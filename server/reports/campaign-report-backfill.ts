import type { EntityManager } from 'typeorm';
import { isMysql } from '../db/data-source';
import { rebuiltCampaignDeltas } from './campaign-rollups';
import { rawRows } from './raw-rows';
import { writeRollups } from './rollup-store';
import { storedInstantOrNull } from './stored-values';
import { inMonthStretches } from './backfill-stretches';

/**
 * Counts the campaigns report's roll-ups (kind `campaign`, campaign-rollups.ts) for every campaign text ever sent or
 * refused outright, from the rows the report read until now, replacing whatever of that kind was there. Run once by
 * migration 1764900040000, so a clinic upgrading sees its past campaigns at once rather than "none" until someone
 * runs `npm run reports:rebuild` (which rewrites every count of every day). Reads the campaign texts by
 * (campaign_id, sent_at), a month at a time.
 */
export async function backfillCampaignReport(em: EntityManager): Promise<void> {
  await em.query("DELETE FROM report_rollups WHERE kind = 'campaign'");
  const [bounds] = await rawRows<Record<string, unknown>>(em, `SELECT MIN(m.sent_at) AS firstSent, MAX(m.sent_at) AS lastSent,
      MIN(CASE WHEN m.sent_at IS NULL THEN m.updated_at END) AS firstFailed, MAX(CASE WHEN m.sent_at IS NULL THEN m.updated_at END) AS lastFailed
    FROM messages m WHERE m.campaign_id IS NOT NULL AND (m.sent_at IS NOT NULL OR m.status = 'failed')`, {});
  const instants = [bounds?.firstSent, bounds?.lastSent, bounds?.firstFailed, bounds?.lastFailed].map(storedInstantOrNull);
  await inMonthStretches(instants, async (start, end) => {
    await writeRollups((sql, params) => em.query(sql, params), isMysql(em.connection), await rebuiltCampaignDeltas(em, start, end));
  });
}
