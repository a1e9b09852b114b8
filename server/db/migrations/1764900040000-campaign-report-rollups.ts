import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 17, the campaigns report at a year under 300 ms: its texts are now counted in `report_rollups` (kind
 * `campaign`, dimension `campaign`: campaign-rollups.ts). Counted here for every campaign text already sent, so the
 * report shows the past at once after upgrading. A migration rather than a start-up job: it runs once per database,
 * under the migrations' lock (one node of several does it), before anything is served. No schema change.
 */
export class CampaignReportRollups1764900040000 implements MigrationInterface {
  name = 'CampaignReportRollups1764900040000';

  async up(qr: QueryRunner): Promise<void> {
    // Loaded here, not at the top: the report's SQL is built from campaign-stats.ts, which reaches this list through
    // db/data-source.ts, so a static import would read it before it is defined.
    const { backfillCampaignReport } = await import('../../reports/campaign-report-backfill');
    await backfillCampaignReport(qr.manager);
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.query("DELETE FROM report_rollups WHERE kind = 'campaign'");
  }
}
