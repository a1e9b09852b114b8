import { z } from 'zod';
import { idNumber } from '../http/query-schemas';
import { mappingBody } from '../channels/channel-templates';
import { CAMPAIGN_CATEGORIES, ENGAGEMENT_TIERS, MENU_ACTIONS, VARIANT_KEYS, WINNER_BY } from './campaign-contract';

const name = z.string().trim().min(1, 'is required').max(100, 'must be at most 100 characters');
const tag = z.string().trim().min(1).max(40);
const days = z.number().int('must be a whole number').min(0).max(3650);
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected "HH:MM"');

/** An imported list is stored with the segment; larger audiences are tags (a CSV import can tag them). */
const MAX_LIST = 10_000;

export const segmentDefinition = z.object({
  tagsAny: z.array(tag).max(50).optional(),
  tagsAll: z.array(tag).max(50).optional(),
  attributes: z.array(z.object({
    key: z.string().regex(/^[A-Za-z0-9_]{1,40}$/, 'letters, digits and _ only'),
    op: z.enum(['equals', 'before', 'after']),
    value: z.string().max(200),
  })).max(20).optional(),
  consent: z.enum(['marketing', 'transactional']).optional(),
  tiers: z.array(z.enum(ENGAGEMENT_TIERS)).min(1).max(4).optional(),
  noVisitMonths: z.number().int().min(1).max(120).optional(),
  upcomingWithinDays: days.optional(),
  noShowWithinDays: days.optional(),
  contactIds: z.array(idNumber).max(MAX_LIST).optional(),
  phones: z.array(z.string().max(32)).max(MAX_LIST).optional(),
  repliedTo: idNumber.optional(),
  repliedWith: z.string().trim().min(1).max(40).optional(),
  clicked: idNumber.optional(),
  booked: idNumber.optional(),
}).strict();

/** A reply's words only mean something with the campaign they answered. */
const answerNeedsCampaign = (d: { repliedTo?: number; repliedWith?: string }) => d.repliedWith === undefined || d.repliedTo !== undefined;
const answerMessage = { message: 'needs repliedTo: the campaign answered', path: ['repliedWith'] };

export const createSegmentBody = segmentDefinition.extend({ name }).refine(answerNeedsCampaign, answerMessage);
export const patchSegmentBody = segmentDefinition.extend({ name: name.optional() }).refine(answerNeedsCampaign, answerMessage);

const menuOption = z.object({
  key: z.string().regex(/^[0-9A-Za-z]{1,4}$/, 'a short key such as "1" or "A"'),
  action: z.enum(MENU_ACTIONS),
  tag: tag.optional(),
}).refine((o) => o.action !== 'tag' || o.tag, { message: 'a tag action needs its tag', path: ['tag'] });

const menu = z.array(menuOption).min(1).max(9)
  .refine((m) => new Set(m.map((o) => o.key.toUpperCase())).size === m.length, 'two options with the same key');

/** Only web pages: a short link must never become a javascript: or data: redirect. */
const webAddress = z.string().trim().max(2000, 'must be at most 2000 characters')
  .refine((v) => { try { return ['http:', 'https:'].includes(new URL(v).protocol); } catch { return false; } }, 'must be an http or https address');

const variants = z.array(z.object({
  key: z.enum(VARIANT_KEYS),
  body: z.string().trim().min(1, 'is required').max(1000, 'must be at most 1000 characters'),
  weight: z.number().int('must be a whole number').min(1).max(100),
}).strict()).min(2, 'at least two variants to compare').max(8)
  .refine((v) => new Set(v.map((o) => o.key)).size === v.length, 'two variants with the same key');
const trigger = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('last_visit'), months: z.number().int().min(1).max(120) }).strict(),
  z.object({ kind: z.literal('date_attribute'), key: z.string().regex(/^[A-Za-z0-9_]{1,40}$/, 'letters, digits and _ only'), daysBefore: z.number().int().min(0).max(60).optional() }).strict(),
  z.object({ kind: z.literal('no_show'), days: z.number().int().min(0).max(60) }).strict(),
  z.object({ kind: z.literal('tag_added'), tag }).strict(),
]);

const campaignFields = {
  name,
  category: z.enum(CAMPAIGN_CATEGORIES),
  segmentId: idNumber,
  body: z.string().trim().min(1, 'is required').max(1000, 'must be at most 1000 characters'),
  menu: menu.nullable().optional(),
  ratePerSecond: z.number().int().min(1).max(1000).nullable().optional(),
  sendAt: z.iso.datetime({ offset: true, error: 'must be an ISO 8601 time with an offset' }).nullable().optional(),
  channelId: idNumber.nullable().optional(),
  link: webAddress.nullable().optional(),
  variants: variants.nullable().optional(),
  /** Percent of the audience in the A/B test; 100 splits everyone and sends no winner. */
  testShare: z.number().int('must be a whole number').min(1).max(100).nullable().optional(),
  winnerBy: z.enum(WINNER_BY).nullable().optional(),
  winnerAfterHours: z.number().int('must be a whole number').min(1).max(720).nullable().optional(),
  trigger: trigger.nullable().optional(),
  /** On an Aliyun or Tencent channel: the approved template the texts go out as (campaign-provider-template.ts). */
  providerTemplate: mappingBody.nullable().optional(),
};

export const createCampaignBody = z.object(campaignFields).strict();
export const patchCampaignBody = z.object(campaignFields).partial().strict();

export const testSendBody = z.object({ phone: z.string().max(32).optional() }).strict();

export const campaignPolicyBody = z.object({
  monthlyCaps: z.object(Object.fromEntries(ENGAGEMENT_TIERS.map((t) => [t, z.number().int().min(0).max(100)])) as Record<(typeof ENGAGEMENT_TIERS)[number], z.ZodNumber>).partial(),
  activeDays: z.number().int().min(1).max(365),
  dormantDays: z.number().int().min(1).max(3650),
  complainedDays: z.number().int().min(0).max(365),
  sendWindow: z.object({ start: hhmm, end: hhmm }).refine((w) => w.start < w.end, 'the window must open before it closes'),
  refusalText: z.string().max(40),
  skipInConversation: z.boolean(),
  skipVisitWithinHours: z.number().int().min(0).max(72),
  optOutAlarmRate: z.number().min(0).max(1),
  pricePerSegment: z.number().min(0).max(100),
  complaintTakeDownCount: z.number().int().min(0).max(10_000),
  monthlyComplaintAlarmRate: z.number().min(0).max(1),
}).partial().strict();

export const reviewBody = z.object({ decision: z.enum(['restore', 'keep_down']) }).strict();
