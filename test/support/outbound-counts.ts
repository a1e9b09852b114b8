import type { TestHuixin } from './test-server';

/** Today's count of outbound texts in `state` (sent, delivered …), as the reports read it (report_rollups, day rows). */
export async function outboundDayCount(hx: TestHuixin, state: string): Promise<number> {
  const [row] = await hx.ds.query(`SELECT COALESCE(SUM(n), 0) AS n FROM report_rollups WHERE grain = 'd' AND dim = 'all' AND kind = 'out' AND state = ?`, [state]) as Array<{ n: number | string }>;
  return Number(row!.n);
}
