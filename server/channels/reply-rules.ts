import type { EntityManager } from 'typeorm';
import type { Config } from '../config';
import type { ReplyChannels } from './channel-registry';
import { freeTextRule, TEMPLATE_VAR_MAX_LENGTH, type TemplateMapping } from './provider-templates';
import { HttpError } from '../http/errors';

import type { ReplyRules } from './reply-rules-contract';

/** The environment's mapping (ALIYUN_TEMPLATES / TENCENT_TEMPLATES) of a template-only provider; null for providers that send any text. */
export function envTemplateMapping(config: Config, provider: string): TemplateMapping | null {
  if (provider === 'aliyun') return config.ALIYUN_TEMPLATES;
  if (provider === 'tencent') return config.TENCENT_TEMPLATES;
  return null;
}

/** What replies on a conversation's channel leave through: its provider, and the template mapping if it sends templates only. */
export interface ReplyChannel { provider: string; mapping: TemplateMapping | null }

/**
 * The channel a conversation's replies leave through (as queue-outbound decides: its active channel, else the
 * environment's) and that channel's mapping: its own stored one, else the environment's for that provider.
 */
export async function replyChannel(em: EntityManager, config: Config, channels: ReplyChannels, channelId: number | null): Promise<ReplyChannel> {
  const channel = await channels.activeChannel(channelId, em);
  const provider = channel?.provider ?? config.SMS_PROVIDER;
  const env = envTemplateMapping(config, provider);
  return { provider, mapping: env === null ? null : channel?.templates ?? env };
}

export function replyRules({ mapping }: ReplyChannel): ReplyRules {
  if (!mapping) return { templateOnly: false, maxLength: null };
  const rule = freeTextRule(mapping);
  return rule.ok ? { templateOnly: true, maxLength: TEMPLATE_VAR_MAX_LENGTH } : { templateOnly: true, maxLength: 0, reason: rule.reason };
}

/**
 * Refuses what a template-only channel could not send: free text without a mapped customer-service template or
 * longer than its variable, and a template with no mapping of its own whose text does not fit the customer-service
 * one either. Called inside the reply's transaction, so a refusal stores nothing.
 */
export function assertSendable({ mapping }: ReplyChannel, templateKey: string | null, text: string): void {
  if (!mapping) return;
  if (templateKey && Object.hasOwn(mapping, templateKey)) return;
  const rule = freeTextRule(mapping, text);
  if (!rule.ok) {
    const what = templateKey ? `Template "${templateKey}" has no provider template, and ${rule.reason}` : `Free text cannot be sent: ${rule.reason}`;
    throw new HttpError(422, 'template_required', what, templateKey ? 'template' : 'body');
  }
}
