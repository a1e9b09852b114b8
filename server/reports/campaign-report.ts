import type { CampaignCounts, CampaignReportRow } from './campaign-figures';
import type { Definitions } from './definitions';
import type { Cell } from './report-csv';

export const CAMPAIGN_DEFINITIONS: Definitions = {
  sent: {
    en: "Campaign texts that left in the range (the provider took them), one per recipient: a campaign counts in each period it sent in.",
    zh: '本期发出（服务商已接收）的营销短信，每位收件人一条；活动在其发送的每个区间内计入。',
  },
  deliveryRate: {
    en: 'Delivered ÷ (delivered + failed); failed includes texts the provider refused outright. Texts still without a receipt are shown apart (pending).',
    zh: '送达数 ÷（送达数 + 失败数）；失败包括被服务商直接拒绝的短信。尚无回执的短信单独显示（待回执）。',
  },
  replyRate: {
    en: 'Recipients who texted back within 72 h of a delivered text ÷ delivered recipients.',
    zh: '收到短信后72小时内回复的收件人 ÷ 送达的收件人。',
  },
  optOutRate: {
    en: 'Recipients who opted out within 72 h of a delivered text ÷ delivered recipients.',
    zh: '收到短信后72小时内退订的收件人 ÷ 送达的收件人。',
  },
  clickRate: { en: 'Delivered recipients who opened their own short link ÷ delivered recipients.', zh: '打开了自己专属短链接的收件人 ÷ 送达的收件人。' },
  bookingRate: { en: 'Delivered recipients who booked a visit answering the campaign ÷ delivered recipients.', zh: '回复该活动并完成预约的收件人 ÷ 送达的收件人。' },
  cost: {
    en: "SMS parts billed (the provider's receipt, else counted from the text with its signature as that provider bills) × the price per part of the channel that sent it (the campaign settings' price where the channel has none), in the business's currency.",
    zh: '计费条数（以服务商回执为准，否则按含签名的短信内容计算）× 发送该短信的通道的每条单价（通道未设单价时用营销设置中的单价）。',
  },
  variants: {
    en: "A/B campaigns: each variant's test recipients; those sent the winner afterwards count in the campaign's totals only.",
    zh: 'A/B测试活动：各版本的测试收件人；之后收到胜出版本的收件人只计入活动合计。',
  },
  language: { en: "Split by the contact's language (their locale).", zh: '按联系人的语言（locale）分组。' },
};

const COUNT_COLUMNS = ['sent', 'delivered', 'failed', 'pending', 'deliveryRate', 'replied', 'replyRate', 'clicked', 'clickRate',
  'optedOut', 'optOutRate', 'booked', 'bookingRate', 'parts', 'cost'] as const;
const countCells = (c: CampaignCounts): Cell[] => COUNT_COLUMNS.map((k) => c[k]);

export const CAMPAIGN_TABLES = ['campaigns', 'language'] as const;

/** `campaigns`: a row per campaign (variant empty) and one per variant under it; `language`: a row per campaign and language. */
export function campaignTable(rows: CampaignReportRow[], table: (typeof CAMPAIGN_TABLES)[number]): { columns: string[]; rows: Cell[][] } {
  const head = (r: CampaignReportRow) => [r.id, r.name, r.category, r.startedAt];
  if (table === 'language') {
    return { columns: ['campaignId', 'name', 'category', 'startedAt', 'language', ...COUNT_COLUMNS], rows: rows.flatMap((r) => r.byLanguage.map((l) => [...head(r), l.language, ...countCells(l)])) };
  }
  return {
    columns: ['campaignId', 'name', 'category', 'startedAt', 'variant', ...COUNT_COLUMNS],
    rows: rows.flatMap((r) => [[...head(r), '', ...countCells(r)], ...r.variants.map((v) => [...head(r), v.key, ...countCells(v)])]),
  };
}
