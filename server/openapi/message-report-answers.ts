import { z } from 'zod';
import type { ComplianceReport } from '../reports/compliance-report';
import type { DeliveryReport } from '../reports/delivery-report';
import type { listMessages } from '../reports/message-list';
import type { listOptOuts } from '../reports/opt-out-list';
import { campaignAlarms } from './campaign-answers';
import { isoInstant, type SameShape } from './common-schemas';
import { conversationHeadline } from './conversation-report-answers';
import { csatFigures } from './visit-report-answers';
import { cursorPage, definitions, localRange, share } from './report-answers';

/** The message reports (server/reports/message-reports.routes.ts): the dashboard, delivery, compliance and their lists. */

const bilingual = z.object({ zh: z.string(), en: z.string() });

/** overview.ts: each section's figures for the range, the same for the previous period, and a series per local day. */
const messageFigures = z.object({
  sent: z.number(), delivered: z.number(), failed: z.number(), deliveryRate: share, received: z.number(), segments: z.number(), cost: z.number(),
});
const optOutFigures = z.object({ count: z.number(), rate: share });
const sections = { messages: messageFigures, conversations: conversationHeadline, optOuts: optOutFigures, csat: csatFigures };
export const overview = z.object({
  range: localRange,
  ...sections,
  previous: z.object({ range: z.object({ from: z.string(), to: z.string() }), ...sections }),
  series: z.array(z.object({
    date: z.string(),
    messages: z.object({ sent: z.number(), delivered: z.number(), failed: z.number(), received: z.number() }).nullable(),
    optOuts: z.number().nullable(),
  })).describe('One point per local day of the range'),
  definitions,
});

/** delivery-counts.ts DeliveryCounts: a row of every delivery table. */
const deliveryCounts = {
  sent: z.number(), delivered: z.number(), failed: z.number(), undelivered: z.number(), awaitingReceipt: z.number(), pending: z.number(),
  refused: z.number(), deliveryRate: share, segments: z.number().describe('Billed parts'), cost: z.number(),
};
const slice = z.object({ key: z.string(), ...deliveryCounts });
const failureReason = z.object({ provider: z.string(), code: z.string(), count: z.number(), reason: bilingual.nullable() });
export const deliveryReport = z.object({
  range: localRange,
  totals: z.object({ ...deliveryCounts, received: z.number(), healthy: z.boolean().nullable().describe('Delivery rate at or above the line; null: nothing sent') }),
  previous: z.object({ ...deliveryCounts, received: z.number() }),
  line: z.object({ deliveryRate: z.number() }),
  byChannel: z.array(z.object({ ...deliveryCounts, channelId: z.number(), name: z.string().nullable(), provider: z.string(), pricePerSegment: z.number() })),
  byCarrier: z.array(slice.extend({ name: bilingual })),
  byRegion: z.array(slice), byLanguage: z.array(slice),
  failureReasons: z.array(failureReason), refusalReasons: z.array(failureReason),
  latency: z.array(z.object({ provider: z.string(), receipts: z.number(), medianSeconds: z.number().nullable(), p90Seconds: z.number().nullable() })),
  byHourOfDay: z.array(z.object({ hour: z.number(), sent: z.number(), delivered: z.number(), failed: z.number(), received: z.number() })),
  byDay: z.array(z.object({ ...deliveryCounts, date: z.string(), received: z.number() })),
  definitions,
});
true satisfies SameShape<typeof deliveryReport, DeliveryReport>;

const optOutCounts = { count: z.number(), rate: share, attributed: z.number(), delivered: z.number() };
export const complianceReport = z.object({
  range: localRange,
  optOuts: z.object({ ...optOutCounts, bySource: z.record(z.string(), z.number()), healthy: z.boolean().nullable() }),
  optIns: z.object({ count: z.number() }),
  complaints: z.object({ count: z.number() }),
  previous: z.object({ optOuts: z.object(optOutCounts), complaints: z.object({ count: z.number() }) }),
  line: z.object({ optOutRate: z.number() }),
  byDay: z.array(z.object({
    date: z.string(), optOuts: z.number(), optIns: z.number(), complaints: z.number(), delivered: z.number(), attributedOptOuts: z.number(), optOutRate: share,
  })),
  bySend: z.array(z.object({ send: z.string(), name: z.string(), delivered: z.number(), optOuts: z.number(), optOutRate: share, complaints: z.number() })),
  alarms: z.array(z.object({ at: isoInstant, kind: z.string(), campaignId: z.number(), campaignName: z.string().nullable(), paused: z.boolean(), held: z.number() })),
  ...campaignAlarms.shape,
  definitions,
});
true satisfies SameShape<typeof complianceReport, ComplianceReport>;

const OUTCOMES = ['received', 'pending', 'sent', 'delivered', 'undelivered', 'failed', 'refused'] as const;
export const reportMessages = cursorPage(z.object({
  id: z.number(), conversationId: z.number(), direction: z.enum(['in', 'out']), origin: z.string(), status: z.string(),
  outcome: z.enum(OUTCOMES).describe('The delivery figure this message counts in'),
  phone: z.string().describe('Masked'), carrier: z.string(), region: z.string(), language: z.string(), channelId: z.number(), provider: z.string(),
  send: z.string().nullable().describe('campaign:<id> or template:<key>; null for a reply'),
  errorCode: z.string().nullable(), errorReason: bilingual.nullable(), billedSegments: z.number().nullable(),
  createdAt: isoInstant, sentAt: isoInstant.nullable(), receiptAt: isoInstant.nullable(), preview: z.string(),
}));
true satisfies SameShape<typeof reportMessages, Awaited<ReturnType<typeof listMessages>>>;

export const reportOptOuts = cursorPage(z.object({
  id: z.number(), at: isoInstant, source: z.string(), scope: z.string(), phone: z.string().nullable(), contactId: z.number().nullable(),
  conversationId: z.number().nullable(),
  cause: z.object({ messageId: z.number(), send: z.string(), name: z.string() }).nullable().describe('The text the opt-out answered, if any'),
}));
true satisfies SameShape<typeof reportOptOuts, Awaited<ReturnType<typeof listOptOuts>>>;
