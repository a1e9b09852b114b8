import { z } from 'zod';
import type { ChannelList, ChannelTemplateItem, ChannelTemplateList, ChannelView } from '../channels/channel-contract';
import type { PreviewWarning, TemplatePreview } from '../channels/template-preview';
import { isoInstant, type SameShape } from './common-schemas';

/** The channels routes' answers, as server/channels/channel-contract.ts types them (and the admin page reads them). */

export const channelView = z.object({
  id: z.number(), name: z.string(), provider: z.string(), sender: z.string(), ratePerSecond: z.number().nullable(),
  carries: z.array(z.enum(['transactional', 'marketing'])),
  config: z.record(z.string(), z.string()),
  secretsSet: z.boolean(),
  secretKeysSet: z.array(z.string()).describe('The names of the secrets that are set; their values are never answered'),
  active: z.boolean(),
  pricePerSegment: z.number().nullable().describe("What one billed SMS part costs on it; null: the campaign settings' price"),
  createdAt: isoInstant, updatedAt: isoInstant,
}).meta({ id: 'Channel' });
true satisfies SameShape<typeof channelView, ChannelView>;

export const channelList = z.object({
  default: z.object({ provider: z.string(), sender: z.string().nullable(), ratePerSecond: z.number().nullable() })
    .describe("The environment's channel (SMS_PROVIDER and its variables), read-only here"),
  secretsKeySet: z.boolean().describe('Whether CHANNEL_SECRETS_KEY is set, without which secrets cannot be stored'),
  providers: z.array(z.object({ name: z.string(), config: z.array(z.string()), secrets: z.array(z.string()) })),
  items: z.array(channelView),
});
true satisfies SameShape<typeof channelList, ChannelList>;

/** A provider template parameter that is unmapped, has no sample value, or whose value is longer than carriers take. */
export const previewWarnings = [
  z.object({ kind: z.literal('long_value'), param: z.string(), length: z.number() }),
  z.object({ kind: z.literal('unmapped_param'), param: z.string() }),
  z.object({ kind: z.literal('no_sample'), param: z.string(), variable: z.string() }),
] as const;
const previewWarning = z.discriminatedUnion('kind', [...previewWarnings]);
true satisfies SameShape<typeof previewWarning, PreviewWarning>;

const templatePreview = z.object({
  text: z.string().describe('Exactly what the phone shows: 【签名】 + the filled text'),
  length: z.number(), billed: z.number().describe('Messages billed in China'), warnings: z.array(previewWarning),
});
true satisfies SameShape<typeof templatePreview, TemplatePreview>;

export const channelTemplateItem = z.object({
  key: z.string(),
  kind: z.enum(['template', 'free_text']).describe("`free_text`: agent_reply, which agents' own words go through"),
  huixinText: z.string().nullable(),
  variables: z.array(z.string()),
  mapping: z.object({ code: z.string(), params: z.record(z.string(), z.string()), text: z.string().nullable() }).nullable(),
  preview: templatePreview.nullable(),
}).meta({ id: 'ChannelTemplate' });
true satisfies SameShape<typeof channelTemplateItem, ChannelTemplateItem>;

export const channelTemplateList = z.object({
  channel: z.object({ id: z.number().nullable(), provider: z.enum(['aliyun', 'tencent']), signName: z.string(), editable: z.boolean() }),
  source: z.enum(['channel', 'environment']).describe("`environment`: no mapping of the channel's own yet, it sends with ALIYUN_TEMPLATES / TENCENT_TEMPLATES"),
  samples: z.record(z.string(), z.unknown()),
  items: z.array(channelTemplateItem),
});
true satisfies SameShape<typeof channelTemplateList, ChannelTemplateList>;
