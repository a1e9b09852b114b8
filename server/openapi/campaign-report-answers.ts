import { z } from 'zod';
import { CAMPAIGN_CATEGORIES, CAMPAIGN_STATUSES } from '../campaigns/campaign-contract';
import type { CampaignCounts, CampaignReportRow } from '../reports/campaign-figures';
import type { CampaignTextRow } from '../reports/campaign-texts';
import type { RecipientResponse, SendResponses } from '../reports/send-responses';
import { isoInstant, type SameShape } from './common-schemas';
import { contactCells, definitions, offsetPage, reportRange, share } from './report-answers';

/**
 * The reports on what the clinic sent (admins only): campaigns side by side (server/reports/campaign-reports.routes.ts)
 * and the replies to each send (send-responses.routes.ts), each with the recipients behind its figures.
 */

const campaignCounts = z.object({
  sent: z.number(), delivered: z.number(), failed: z.number(), pending: z.number(), deliveryRate: share,
  replied: z.number(), replyRate: share, clicked: z.number(), clickRate: share,
  optedOut: z.number(), optOutRate: share, booked: z.number(), bookingRate: share,
  parts: z.number(), cost: z.number(),
}).meta({ id: 'CampaignCounts' });
true satisfies SameShape<typeof campaignCounts, CampaignCounts>;

const campaignRow = campaignCounts.extend({
  id: z.number(), name: z.string(), category: z.enum(CAMPAIGN_CATEGORIES), status: z.enum(CAMPAIGN_STATUSES), startedAt: isoInstant.nullable(),
  variants: z.array(campaignCounts.extend({ key: z.string() })).describe("A/B campaigns: each variant's test recipients"),
  byLanguage: z.array(campaignCounts.extend({ language: z.string() })),
});
true satisfies SameShape<typeof campaignRow, CampaignReportRow>;

export const campaignReport = z.object({
  range: reportRange, totals: campaignCounts, campaigns: z.array(campaignRow), previous: campaignCounts.describe('The totals of the previous period'),
  definitions,
});

const campaignText = z.object({
  messageId: z.number(), contactId: z.number(), variant: z.string().nullable(), language: z.string(), status: z.string(), sentAt: isoInstant.nullable(),
});
true satisfies SameShape<typeof campaignText, CampaignTextRow>;
export const campaignItems = offsetPage(campaignText.extend(contactCells));

const sendResponse = z.object({
  send: z.string().describe('campaign:<id> or template:<key>'), kind: z.enum(['campaign', 'template']), name: z.string(),
  delivered: z.number(), replied: z.number(), responseRate: share,
});
true satisfies SameShape<typeof sendResponse, SendResponses>;

export const responseReport = z.object({
  range: reportRange, responseHours: z.number().describe('How long after a text a reply still answers it'), sends: z.array(sendResponse), definitions,
});

const recipientResponse = z.object({
  contactId: z.number(), messageId: z.number(), sentAt: isoInstant, replyId: z.number().nullable(), repliedAt: isoInstant.nullable(),
  reply: z.string().nullable().describe('The start of the reply, phone numbers masked'),
});
true satisfies SameShape<typeof recipientResponse, RecipientResponse>;
export const responseItems = offsetPage(recipientResponse.extend(contactCells));
