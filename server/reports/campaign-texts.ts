import type { EntityManager } from 'typeorm';
import { campaignFigureFromRollups, FAILED_UNSENT, LEFT_IN_RANGE, leftFigureSql } from './campaign-figures';
import { instant, num, rawRows } from './raw-rows';
import type { ReportRange } from './report-range';

/** The figures of a campaign whose texts can be listed: every count of the report, `failed` with those refused outright. */
export const CAMPAIGN_DRILL_FIGURES = ['sent', 'delivered', 'failed', 'pending', 'replied', 'clicked', 'optedOut', 'booked'] as const;
export type CampaignDrillFigure = (typeof CAMPAIGN_DRILL_FIGURES)[number];

export interface CampaignTextsQuery {
  campaignId: number; figure: CampaignDrillFigure; variant?: string; language?: string;
  range: Pick<ReportRange, 'start' | 'end'>; offset: number; limit: number;
}

export interface CampaignTextRow { [key: string]: string | number | null; messageId: number; contactId: number; variant: string | null; language: string; status: string; sentAt: string | null }

/**
 * One page of the campaign texts behind a figure, in the order they left, and how many there are: the same conditions
 * the figure was counted with (campaign-figures.ts), so the list's total is the figure. Paged in SQL: a campaign may
 * have sent to a hundred thousand people. Ordered by (sent_at, id), the order of the (campaign_id, sent_at) index, so
 * a page stops after its rows instead of testing every text's responses and sorting them (by id: ~0.5 s for a month
 * of one campaign's replies on MariaDB at a million messages).
 */
export async function campaignTexts(em: EntityManager, q: CampaignTextsQuery): Promise<{ rows: CampaignTextRow[]; total: number }> {
  const sql = leftFigureSql(em);
  const which = q.figure === 'failed' ? `((${LEFT_IN_RANGE} AND ${sql.undelivered}) OR (${FAILED_UNSENT}))` : `${LEFT_IN_RANGE} AND ${sql[q.figure]}`;
  const narrow = `${q.variant === undefined ? '' : ' AND cr.variant = :variant'}${q.language === undefined ? '' : ' AND ct.locale = :language'}`;
  const from = `FROM messages m JOIN contacts ct ON ct.id = m.contact_id
    LEFT JOIN campaign_recipients cr ON cr.campaign_id = m.campaign_id AND cr.contact_id = m.contact_id
    WHERE m.campaign_id = :campaignId AND ${which}${narrow}`;
  const params = { campaignId: q.campaignId, variant: q.variant, language: q.language, start: q.range.start, end: q.range.end };
  // The total is the figure: from the roll-ups the report read it from, or counted here when the range is not whole
  // hours — or for one language, which the roll-ups keep as the contact's locale when counted (an import that changed
  // it regroups the rows only after a rebuild), and the pages must add up to the rows.
  const counted = async () => num((await rawRows<{ n: number | string }>(em, `SELECT COUNT(*) AS n ${from}`, params))[0]?.n);
  const fromRollups = q.language === undefined ? campaignFigureFromRollups(em, q.range, q.campaignId, q.figure, { variant: q.variant }) : Promise.resolve(null);
  const [rows, total] = await Promise.all([
    rawRows<Record<string, string | number | Date | null>>(em, `SELECT m.id AS messageId, m.contact_id AS contactId, cr.variant AS variant,
      ct.locale AS language, m.status AS status, m.sent_at AS sentAt ${from} ORDER BY m.sent_at, m.id LIMIT ${q.limit} OFFSET ${q.offset}`, params),
    fromRollups.then((n) => n ?? counted()),
  ]);
  return {
    total,
    rows: rows.map((r) => ({
      messageId: Number(r.messageId), contactId: Number(r.contactId), variant: r.variant === null ? null : String(r.variant), language: String(r.language),
      status: String(r.status), sentAt: r.sentAt === null ? null : instant(r.sentAt as string | Date).toISOString(),
    })),
  };
}
