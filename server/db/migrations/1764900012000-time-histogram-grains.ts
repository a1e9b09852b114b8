import type { MigrationInterface, QueryRunner } from 'typeorm';
import { rewriteTimeHistograms } from '../../reports/episode-rollups';
import { index } from './table-builder';

/**
 * Issue 17, a year of conversation figures under 300 ms (scripts/bench/conversation-reports.ts):
 * - the time histograms move from dimension `all` to `time` and gain month rows, and the resolutions get a per-agent
 *   histogram (`agent`): written again here from the episodes, as the live writers now keep them (episode-rollups.ts);
 * - the first responses of a range are read along one index holding every column the report needs, instead of a
 *   row lookup per episode started in the range (a year: 140,000 at a million messages).
 */
export class TimeHistogramGrains1764900012000 implements MigrationInterface {
  name = 'TimeHistogramGrains1764900012000';

  async up(qr: QueryRunner): Promise<void> {
    await qr.createIndex('conversation_episodes', index('idx_conversation_episodes_responses',
      ['started_at', 'first_response_at', 'first_response_seconds', 'first_response_business_seconds', 'first_response_agent_id', 'language']));
    await rewriteTimeHistograms((sql, params) => qr.query(sql, params), qr.connection.options.type !== 'better-sqlite3');
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.query("DELETE FROM report_rollups WHERE kind IN ('first_resp', 'resolution') AND (dim = 'agent' OR grain = 'm')");
    await qr.query("UPDATE report_rollups SET dim = 'all' WHERE dim = 'time'");
    await qr.dropIndex('conversation_episodes', 'idx_conversation_episodes_responses');
  }
}
