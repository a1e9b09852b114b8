/**
 * Red, amber or green for the headline figures, so a manager sees in three seconds whether texting works. The two
 * lines the issue names are the seeds' health values (到达率 > 98%, 退订率 < 0.3%), the same the server marks
 * `healthy` with (server/reports/message-definitions.ts); the others are this page's judgement, written here with
 * their reasons. Amber is the band just past the line: worth a look, not yet an alarm. Pure
 * (test/ui/report-compare.test.ts).
 */
export type Health = 'green' | 'amber' | 'red' | 'none';
export type HealthMetric = 'deliveryRate' | 'optOutRate' | 'botResolutionRate' | 'firstResponse' | 'csatAverage';

interface Line { better: 'higher' | 'lower'; green: number; amber: number }

export const HEALTH_LINES: Record<HealthMetric, Line> = {
  // The seed's line; below 95% a carrier or a template is usually being refused wholesale.
  deliveryRate: { better: 'higher', green: 0.98, amber: 0.95 },
  // The seed's line; at 0.5% carriers start to flag a sender as spam.
  optOutRate: { better: 'lower', green: 0.003, amber: 0.005 },
  // A reminder-and-booking bot should close half its conversations alone; under 30% it mostly passes them on.
  botResolutionRate: { better: 'higher', green: 0.5, amber: 0.3 },
  // Business-hours median, seconds: a text answered in under 15 minutes feels like a conversation; an hour does not.
  firstResponse: { better: 'lower', green: 15 * 60, amber: 60 * 60 },
  // Mean of 1–5: 4.5 and above is the usual "good" CSAT mean; under 4 most answers are not satisfied.
  csatAverage: { better: 'higher', green: 4.5, amber: 4.0 },
};

/**
 * @example healthOf('deliveryRate', 0.98)  // → 'green' (the line itself is healthy, as the server's `healthy` says)
 * @example healthOf('optOutRate', 0.003)    // → 'amber' (healthy is strictly below 0.3%)
 * @example healthOf('csatAverage', null)    // → 'none'
 */
export function healthOf(metric: HealthMetric, value: number | null | undefined): Health {
  if (value === null || value === undefined || Number.isNaN(value)) return 'none';
  const line = HEALTH_LINES[metric];
  if (line.better === 'higher') return value >= line.green ? 'green' : value >= line.amber ? 'amber' : 'red';
  return value < line.green ? 'green' : value < line.amber ? 'amber' : 'red';
}
