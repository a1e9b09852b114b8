import { z } from 'zod';
import { CAMPAIGN_CATEGORIES, CAMPAIGN_STATUSES, type CampaignAlarms } from '../campaigns/campaign-contract';
import { isoInstant, nullableInstant } from './common-schemas';

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
