import type { MigrationInterface, QueryRunner } from 'typeorm';
import { backfillVisitReports } from '../../reports/visit-report-backfill';

/**
 * Issue 17, the appointment report at a year under 300 ms: its reminders and changes are now counted in
 * `report_rollups` (kinds `reminder`, `appt_change`: reminder-rollups.ts). Counted here for the existing history,
 * with the closed visits and the surveys (kinds `visit`, `survey`), whose roll-ups until now held only what was
 * written after their upgrade unless someone ran `npm run reports:rebuild`. A migration rather than a start-up job:
 * it runs once per database, under the migrations' lock (one node of several does it), before anything is served.
 */
export class VisitReportRollups1764900030000 implements MigrationInterface {
  name = 'VisitReportRollups1764900030000';

  async up(qr: QueryRunner): Promise<void> {
    await backfillVisitReports(qr.manager);
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.query("DELETE FROM report_rollups WHERE kind IN ('reminder', 'appt_change')");
  }
}
