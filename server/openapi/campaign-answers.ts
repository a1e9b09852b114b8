import { z } from 'zod';
import {
  CAMPAIGN_CATEGORIES, CAMPAIGN_STATUSES, ENGAGEMENT_TIERS, type CampaignAlarms, type CampaignPreview, type EngagementTier,
} from '../campaigns/campaign-contract';
import type { CampaignPolicy } from '../campaigns/campaign-policy';
import { previewWarnings } from './channel-answers';
import { isoInstant, nullableInstant, type SameShape } from './common-schemas';

/** Campaigns as server/campaigns/campaign-contract.ts types them (CampaignView). */

const counts = z.record(z.string(), z.number());
const stats = z.looseObject({
  targeted: z.number(), excluded: counts, deferred: z.number(), queued: z.number(), sent: z.number(), delivered: z.number(),
  failed: z.number(), replied: z.number(), optedOut: z.number(), clicked: z.number(), booked: z.number(),
  variants: z.record(z.string(), z.looseObject({})).optional(),
});

export const campaign = z.object({
  id: z.number(), name: z.string(), category: z.enum(CAMPAIGN_CATEGORIES), segmentId: z.number(), body: z.string(),
  menu: z.array(z.looseObject({ key: z.string(), action: z.string() })).nullable(),
  link: z.string().nullable(),
  variants: z.array(z.object({ key: z.string(), body: z.string(), weight: z.number() })).nullable(),
  testShare: z.number().nullable(), winnerBy: z.string().nullable(), winnerAfterHours: z.number().nullable(),
  winner: z.looseObject({ key: z.string(), pValue: z.number(), significant: z.boolean(), decidedAt: isoInstant }).nullable(),
  ratePerSecond: z.number().nullable(), sendAt: nullableInstant, channelId: z.number().nullable(),
  status: z.enum(CAMPAIGN_STATUSES), pausedReason: z.string().optional(),
  takenDown: z.boolean(), keptDown: z.boolean(), extendCode: z.string().nullable(),
  trigger: z.looseObject({ kind: z.string() }).nullable(),
  providerTemplate: z.object({ code: z.string(), text: z.string(), params: z.record(z.string(), z.string()) }).nullable(),
  startedAt: nullableInstant, createdAt: isoInstant, updatedAt: isoInstant,
  stats,
}).meta({ id: 'Campaign' });

export const campaignList = z.object({ items: z.array(campaign) });
export const idAnswer = z.object({ id: z.number() });

export const campaignAlarms = z.object({
  monthlyComplaints: z.object({ month: z.string(), complaints: z.number(), sent: z.number(), rate: z.number(), threshold: z.number(), alarm: z.boolean() }),
  takenDown: z.array(z.object({ id: z.number(), name: z.string(), status: z.enum(CAMPAIGN_STATUSES) })),
}) satisfies z.ZodType<CampaignAlarms>;

export const segment = z.object({ id: z.number(), name: z.string(), definition: z.looseObject({}), createdAt: isoInstant, updatedAt: isoInstant });
export const segmentPreview = z.object({
  count: z.number(), sample: z.array(z.object({ id: z.number(), name: z.string().nullable(), phone: z.string(), tags: z.array(z.string()) })),
});

/** A provider template's warnings, and a marketing text whose approved text lacks the refusal the policy requires. */
const providerTemplateWarning = z.discriminatedUnion('kind', [...previewWarnings, z.object({ kind: z.literal('no_refusal'), refusal: z.string() })]);

export const campaignPreview = z.object({
  samples: z.array(z.object({
    contactId: z.number(), variant: z.string().optional().describe('The A/B variant this recipient gets in the test'),
    body: z.string().describe('The text as it would leave: signature and refusal text included'),
    encoding: z.enum(['GSM-7', 'UCS-2']), segments: z.number(), chinaBilled: z.number(),
  })).describe("The first recipients' texts"),
  providerTemplate: z.object({ warnings: z.array(providerTemplateWarning) }).optional()
    .describe('On a template-only channel with a provider template: what to fix before it can send'),
  audience: z.number(),
  estimate: z.object({ segments: z.number(), chinaBilled: z.number(), pricePerSegment: z.number(), cost: z.number() })
    .describe('Over the whole audience, at the average length of the samples'),
});
true satisfies SameShape<typeof campaignPreview, CampaignPreview>;

export const campaignPolicy = z.object({
  monthlyCaps: z.object(Object.fromEntries(ENGAGEMENT_TIERS.map((tier) => [tier, z.number()])) as Record<EngagementTier, z.ZodNumber>)
    .describe('Marketing texts a contact of each engagement tier may get in any 30 days'),
  activeDays: z.number(), dormantDays: z.number(), complainedDays: z.number(),
  sendWindow: z.object({ start: z.string(), end: z.string() }).describe("Local times (HH:MM, the contact's time zone) marketing may leave between"),
  refusalText: z.string().describe('Appended to every marketing text'),
  skipInConversation: z.boolean(), skipVisitWithinHours: z.number(),
  optOutAlarmRate: z.number().describe("A campaign pauses itself when today's opt-outs pass this share"),
  pricePerSegment: z.number(), complaintTakeDownCount: z.number(), monthlyComplaintAlarmRate: z.number(),
}).meta({ id: 'CampaignPolicy' });
true satisfies SameShape<typeof campaignPolicy, CampaignPolicy>;
