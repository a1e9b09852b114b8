import type { EntityManager } from 'typeorm';
import type { ChannelRegistry } from '../channels/channel-registry';
import { checkMapping, mappingBody } from '../channels/channel-templates';
import { PARAM_VALUE_MAX, previewTemplate, type TemplatePreview, type TemplateProvider } from '../channels/template-preview';
import type { Config } from '../config';
import type { Campaign } from '../db/entities';
import { HttpError } from '../http/errors';
import { campaignVariables } from './campaign-checks';
import type { CampaignProviderTemplate, ExclusionReason, ProviderTemplateWarning } from './campaign-contract';

// Aliyun and Tencent send approved templates only: a campaign there names the one its texts go out as. The checks
// and the preview are the channel template mapping's (channel-templates.ts, template-preview.ts), over the campaign's
// own variables; the outbox rows carry `template_key` `campaign:<id>` with only the values its parameters need.

/** The template-only provider a campaign's texts leave by, with the signature it adds; null for any other channel. */
export interface TemplateChannel { provider: TemplateProvider; signName: string }

const isTemplateOnly = (p: string): p is TemplateProvider => p === 'aliyun' || p === 'tencent';

/** What the environment's own channel is, for a campaign with no channel of its own. */
export type TemplateConfig = Pick<Config, 'SMS_PROVIDER' | 'ALIYUN_SIGN_NAME' | 'TENCENT_SIGN_NAME'>;

/** Where a campaign's channel is looked up: the registry's copy of the channels (switched off ones too). */
export type CampaignChannels = Pick<ChannelRegistry, 'channel' | 'defaultProvider'>;

/** `em`: the caller's transaction, when it has one (a look-up that must read the table reads it there). */
export async function templateChannelOf(channels: Pick<CampaignChannels, 'channel'>, channelId: number | null, config: TemplateConfig, em?: EntityManager): Promise<TemplateChannel | null> {
  if (channelId) {
    const row = await channels.channel(channelId, em);
    return row && isTemplateOnly(row.provider) ? { provider: row.provider, signName: row.sender } : null;
  }
  const provider = config.SMS_PROVIDER;
  if (!isTemplateOnly(provider)) return null;
  return { provider, signName: (provider === 'aliyun' ? config.ALIYUN_SIGN_NAME : config.TENCENT_SIGN_NAME) ?? '' };
}

/**
 * How a campaign's texts leave, read once per queueing run: the provider they are stamped and signed for (its
 * channel's, else the environment's) and, on Aliyun or Tencent, the template-only channel they go out as.
 */
export async function campaignSending(channels: CampaignChannels, campaign: Campaign, config: TemplateConfig): Promise<{ providerName: string; templateChannel: TemplateChannel | null }> {
  const channel = await channels.channel(campaign.channelId);
  return { providerName: channel?.provider ?? channels.defaultProvider.name, templateChannel: await templateChannelOf(channels, campaign.channelId, config) };
}

/** The outbox rows' template key: the sender finds the campaign's provider template by it. */
export const campaignTemplateKey = (campaignId: number) => `campaign:${campaignId}`;

/** The campaign a row's template key names (its texts and its test sends), or null. */
export function campaignOfTemplate(key: string | null): number | null {
  const m = key ? /^campaign:(\d+)$/.exec(key) : null;
  return m ? Number(m[1]) : null;
}

const FIELD = 'providerTemplate';

/**
 * The same checks as a channel's template mapping (code shape, each parameter in the approved text, each variable one
 * the campaign can fill), naming `providerTemplate.<field>`. A provider template on a channel that sends any text is
 * refused when given: it would be stored and never used.
 */
export async function checkProviderTemplate(em: EntityManager, channel: TemplateChannel | null, template: CampaignProviderTemplate | null | undefined, given = true): Promise<void> {
  if (!template) return;
  // A stored one is kept (unused) when a draft moves to another kind of channel: moving back needs no retyping.
  if (!channel && !given) return;
  if (!channel) throw new HttpError(400, 'invalid_field', `${FIELD}: the campaign's channel sends any text; a provider template is for Aliyun and Tencent channels`, FIELD);
  try {
    checkMapping(channel.provider, 'campaign', mappingBody.parse(template), await campaignVariables(em));
  } catch (err) {
    if (err instanceof HttpError && err.field) {
      const field = `${FIELD}.${err.field}`;
      throw new HttpError(err.status, err.code, `${FIELD}.${err.message}`, field);
    }
    throw err;
  }
}

/** Starting on a template-only channel needs the provider template: otherwise every text would fail (`template_unmapped`). */
export function requireProviderTemplate(campaign: Campaign, channel: TemplateChannel | null): void {
  if (channel && !campaign.providerTemplate) {
    throw new HttpError(409, 'provider_template_required', `This campaign's channel (${channel.provider}) sends approved templates only: give the campaign its providerTemplate`, FIELD);
  }
}

/**
 * A parameter filled with `link` needs the campaign's link: without one each recipient's text would carry the
 * placeholder itself (`{{link}}`) where the address should be. Checked when a draft is saved on a template-only
 * channel and again at start (its channel may have become one since).
 */
export function checkTemplateLink(channel: TemplateChannel | null, template: CampaignProviderTemplate | null | undefined, link: string | null): void {
  if (!channel || !template || link) return;
  const param = Object.entries(template.params).find(([, variable]) => variable === 'link')?.[0];
  if (param === undefined) return;
  throw new HttpError(400, 'invalid_field', `link: the provider template's parameter ${param} is filled with {{link}}: give the address it leads to, or map ${param} to another value`, 'link');
}

/** Only the values the parameters use, nested as the variables name them (`{ contact: { name } }`): a row stays small. */
export function templateVarsFor(template: CampaignProviderTemplate, vars: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const path of new Set(Object.values(template.params))) {
    let value: unknown = vars;
    for (const part of path.split('.')) value = value && typeof value === 'object' ? (value as Record<string, unknown>)[part] : undefined;
    if (value === undefined || value === null || typeof value === 'object') continue;
    const parts = path.split('.');
    let at = out;
    for (const part of parts.slice(0, -1)) at = (at[part] ??= {}) as Record<string, unknown>;
    at[parts[parts.length - 1]!] = value;
  }
  return out;
}

/** What the carrier delivers to one recipient: 【签名】 + the approved text filled from `vars`. */
export function deliveredText(channel: TemplateChannel, template: CampaignProviderTemplate, vars: Record<string, unknown>): TemplatePreview {
  return previewTemplate({ provider: channel.provider, signName: channel.signName, text: template.text, params: template.params, samples: vars });
}

/** Aliyun's 推广 templates must end with the refusal text; the approved text is what goes, so it is checked there. */
export function refusalWarning(category: Campaign['category'], template: CampaignProviderTemplate, refusal: string): ProviderTemplateWarning[] {
  if (category !== 'marketing' || !refusal || template.text.trim().endsWith(refusal)) return [];
  return [{ kind: 'no_refusal', refusal }];
}

/**
 * Why one recipient's filled template cannot go, or null when it can: a parameter with nothing to fill it for them
 * (`missingData`), or a value longer than the provider takes (`templateValueTooLong`) — Aliyun and Tencent refuse the
 * whole text then, so the recipient is left out with that reason instead of sent a text bound to fail. A `link`
 * parameter is checked at `linkLength`, the length every recipient's short link has (it replaces the placeholder later).
 */
export function templateExclusion(delivered: TemplatePreview, template: CampaignProviderTemplate, linkLength: number): ExclusionReason | null {
  if (delivered.warnings.some((w) => w.kind !== 'long_value')) return 'missingData';
  if (delivered.warnings.length) return 'templateValueTooLong';
  if (linkLength > PARAM_VALUE_MAX && Object.values(template.params).includes('link')) return 'templateValueTooLong';
  return null;
}
