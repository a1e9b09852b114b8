import type { MigrationInterface, QueryRunner } from 'typeorm';
import { timeDeltas, type CountedEpisode } from '../../reports/episode-rollups';
import { writeRollups } from '../../reports/rollup-store';
import { storedInstant } from '../../reports/stored-values';
import { index } from './table-builder';

const PAGE = 5_000;

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
    await qr.query("DELETE FROM report_rollups WHERE kind IN ('first_resp', 'resolution')");
    const query = (sql: string, params: unknown[]) => qr.query(sql, params);
    const mysql = qr.connection.options.type !== 'better-sqlite3';
    const num = (v: unknown) => (v == null ? null : Number(v));
    for (let after = 0; ;) {
      const rows = await qr.query(`SELECT id, started_at AS startedAt, first_response_at AS firstResponseAt, first_response_seconds AS firstResponseSeconds,
          first_response_business_seconds AS firstResponseBusinessSeconds, resolved_by AS resolvedBy, resolved_agent_id AS resolvedAgentId,
          bot_resolved AS botResolved, resolution_seconds AS resolutionSeconds, resolution_business_seconds AS resolutionBusinessSeconds
        FROM conversation_episodes WHERE id > ? AND (first_response_at IS NOT NULL OR resolution_seconds IS NOT NULL) ORDER BY id LIMIT ${PAGE}`, [after]) as Array<Record<string, unknown>>;
      if (!rows.length) break;
      after = Number(rows[rows.length - 1]!.id);
      await writeRollups(query, mysql, rows.flatMap((r) => timeDeltas({
        startedAt: storedInstant(r.startedAt), language: '', handoffAt: null, handoffReason: null,
        firstResponseAt: r.firstResponseAt == null ? null : storedInstant(r.firstResponseAt), botResolved: Number(r.botResolved) === 1 || r.botResolved === true,
        firstResponseSeconds: num(r.firstResponseSeconds), firstResponseBusinessSeconds: num(r.firstResponseBusinessSeconds),
        resolvedBy: (r.resolvedBy as CountedEpisode['resolvedBy']) ?? null, resolvedAgentId: num(r.resolvedAgentId),
        resolutionSeconds: num(r.resolutionSeconds), resolutionBusinessSeconds: num(r.resolutionBusinessSeconds),
      }, 1)));
    }
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.query("DELETE FROM report_rollups WHERE kind IN ('first_resp', 'resolution') AND (dim = 'agent' OR grain = 'm')");
    await qr.query("UPDATE report_rollups SET dim = 'all' WHERE dim = 'time'");
    await qr.dropIndex('conversation_episodes', 'idx_conversation_episodes_responses');
  }
}
