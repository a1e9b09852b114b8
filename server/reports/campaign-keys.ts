import type { MessageStatus } from '../db/entities';
import { hourOf, type RollupDelta } from './rollup-keys';

/**
 * How the campaigns report's counts are kept in `report_rollups` (kind `campaign`, dimension `campaign`): pure, like
 * rollup-keys.ts. A campaign text counts in the UTC hour it left (sent_at), or, refused outright (failed with no
 * sent_at), in the hour it failed (updated_at) — the hours campaign-figures.ts reads them by. Value
 * `<campaignId>|<variant>|<locale>` (variant '' for none or the winner's send), channel = the text's channel.
 *
 * One row per state, each counted on its own (not one state per combination): a figure is a sum over one state, so
 * each move touches only what it changes, and a year is a few rows per campaign, language and day.
 * - status class of a text that left: `pending` (status sent, no receipt yet), `delivered`, `undelivered`; each
 *   carries the text's billed parts in `segments`. Together they are `sent`.
 * - `failed`: refused outright (failed with no sent_at); no parts.
 * - responses, counted only while the text is delivered (campaign-figures.ts leftFigureSql): `replied`, `opted_out`,
 *   `clicked`, `booked`.
 */
export const CLASS_STATES = new Set(['pending', 'delivered', 'undelivered'] as const);
export type CampaignClass = 'pending' | 'delivered' | 'undelivered' | 'failed';
export type CampaignState = CampaignClass | 'replied' | 'opted_out' | 'clicked' | 'booked';

/** The report's figure each state adds to (campaign-figures.ts Group counts). */
export const FIGURE_OF_STATE = {
  pending: 'pending', delivered: 'delivered', undelivered: 'undelivered', failed: 'failedUnsent',
  replied: 'replied', opted_out: 'optedOut', clicked: 'clicked', booked: 'booked',
} as const satisfies Record<CampaignState, string>;

/** A response's state (the figure's name, as short as the column wants). */
export const STATE_OF_RESPONSE = { replied: 'replied', optedOut: 'opted_out', clicked: 'clicked', booked: 'booked' } as const satisfies Record<string, CampaignState>;
export type CampaignResponse = keyof typeof STATE_OF_RESPONSE;

/** A campaign text as its counts need it. `failedAt`: its updated_at, the hour a text refused outright counts in. */
export interface CampaignText {
  campaignId: number; variant: string | null; language: string; status: MessageStatus; sentAt: Date | null; failedAt: Date;
  channelId: number | null; parts: number; responses: Record<CampaignResponse, boolean>;
}

const LEFT: ReadonlySet<MessageStatus> = new Set(['sent', 'delivered', 'undelivered']);

/**
 * Which class a text counts in (campaign-figures.ts LEFT_IN_RANGE, FAILED_UNSENT), or null: not counted (queued,
 * refused, or failed after it left — neither left nor refused outright).
 * @example campaignClassOf('sent', new Date()) // → 'pending'
 */
export function campaignClassOf(status: MessageStatus, sentAt: Date | null): CampaignClass | null {
  if (sentAt && LEFT.has(status)) return status === 'sent' ? 'pending' : (status as 'delivered' | 'undelivered');
  return !sentAt && status === 'failed' ? 'failed' : null;
}

export const campaignValue = (campaignId: number, variant: string | null, language: string) => `${campaignId}|${variant ?? ''}|${language}`.slice(0, 80);

/** @example campaignValueOf('12|A|zh-CN') // → { campaignId: 12, variant: 'A', language: 'zh-CN' } */
export function campaignValueOf(value: string): { campaignId: number; variant: string | null; language: string } {
  const [id, variant, ...language] = value.split('|');
  return { campaignId: Number(id), variant: variant ? variant : null, language: language.join('|') };
}

/** The counts of `n` alike texts of one group in one class: the class with their parts, and each response's count. */
export function campaignDeltas(key: { hour: number; campaignId: number; variant: string | null; language: string; channelId: number | null },
  cls: CampaignClass, n: number, parts: number, responses: Partial<Record<CampaignResponse, number>>): RollupDelta[] {
  const base = { hour: key.hour, dim: 'campaign' as const, value: campaignValue(key.campaignId, key.variant, key.language), kind: 'campaign' as const };
  const rows: RollupDelta[] = [{ ...base, channelId: cls === 'failed' ? 0 : key.channelId ?? 0, state: cls, n, segments: cls === 'failed' ? 0 : parts }];
  for (const [response, count] of Object.entries(responses) as Array<[CampaignResponse, number]>) {
    if (count) rows.push({ ...base, channelId: key.channelId ?? 0, state: STATE_OF_RESPONSE[response], n: count, segments: 0 });
  }
  return rows;
}

/** What one text adds (sign +1) or takes away (−1) as it stands; responses count only while it is delivered. */
export function campaignTextDeltas(t: CampaignText, sign: 1 | -1): RollupDelta[] {
  const cls = campaignClassOf(t.status, t.sentAt);
  if (!cls) return [];
  const responses = cls === 'delivered' ? Object.fromEntries(Object.entries(t.responses).map(([k, v]) => [k, v ? sign : 0])) : {};
  return campaignDeltas({ ...t, hour: hourOf(cls === 'failed' ? t.failedAt : t.sentAt!) }, cls, sign, sign * t.parts, responses);
}
