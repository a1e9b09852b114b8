import type { EntityManager } from 'typeorm';
import { z } from 'zod';
import type { Config } from '../config';
import { HttpError } from '../http/errors';
import { ipListVariable, secretMatches, type CallbackPlace } from './callback-guard';
import type { ChannelRegistry } from './channel-registry';

// Where Aliyun and Tencent may deliver callbacks: the environment's secret path and address list for the default
// channel, and each channel's own (its `callbackSecret` sealed with its other secrets, its `callbackIps` in config).

const envPlace = (config: Config, provider: string): CallbackPlace | null => {
  if (provider === 'aliyun') return { channelId: null, secret: config.ALIYUN_CALLBACK_SECRET, allowedIps: config.ALIYUN_CALLBACK_IPS };
  if (provider === 'tencent') return { channelId: null, secret: config.TENCENT_CALLBACK_SECRET, allowedIps: config.TENCENT_CALLBACK_IPS };
  return null;
};

/** "1.2.3.4, 10.0.0.0/8" as stored in a channel's config → the list (already checked when it was saved). */
const ipsOf = (raw: string | undefined): string[] => (raw ?? '').split(',').map((e) => e.trim()).filter(Boolean);

/** What the callback places are read from: the registry's copy of the channels, their secrets opened once per version. */
export type CallbackChannels = Pick<ChannelRegistry, 'refresh' | 'secretsOf'>;

/**
 * The environment's place first, then every active channel of `provider`, from the registry's copy: an admin's
 * change counts at once on the node that took it and within a second on the others (as the inbound text's channel
 * does); `maxAgeMs` 0 compares the copy with the table first.
 */
export async function callbackPlaces(channels: CallbackChannels, config: Config, provider: string, maxAgeMs?: number, em?: EntityManager): Promise<CallbackPlace[]> {
  const env = envPlace(config, provider);
  const rows = (await channels.refresh(maxAgeMs, em)).filter((c) => c.provider === provider);
  const own = rows.map((c) => ({ channelId: c.id, secret: channels.secretsOf(c).callbackSecret || undefined, allowedIps: ipsOf(c.config.callbackIps) }));
  return env ? [env, ...own] : own;
}

const secretShape = z.string().min(16, 'must be at least 16 characters').max(64).regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, _ and - only');

/**
 * A channel's callback secret is a path segment (the rules of ALIYUN_CALLBACK_SECRET) that no other place of the same
 * provider uses, or a callback could not tell which channel it is for; its address list must parse.
 */
export async function checkCallbackOptions(em: EntityManager, config: Config, channels: CallbackChannels,
  change: { provider: string; channelId: number | null; config?: Record<string, string>; secrets?: Record<string, string> }): Promise<void> {
  const ips = change.config?.callbackIps;
  if (ips) {
    const parsed = ipListVariable.safeParse(ips);
    if (!parsed.success) throw new HttpError(400, 'invalid_field', `config.callbackIps: ${parsed.error.issues[0].message}`, 'config.callbackIps');
  }
  const secret = change.secrets?.callbackSecret;
  if (!secret) return;
  const shape = secretShape.safeParse(secret);
  if (!shape.success) throw new HttpError(400, 'invalid_field', `secrets.callbackSecret: ${shape.error.issues[0].message}`, 'secrets.callbackSecret');
  // Compared with the table first: two channels must not end up sharing a path because this node's copy was old.
  const taken = (await callbackPlaces(channels, config, change.provider, 0, em))
    .some((p) => p.channelId !== change.channelId && p.secret && secretMatches(p.secret, secret));
  if (taken) throw new HttpError(400, 'invalid_field', 'secrets.callbackSecret: another channel of this provider uses it', 'secrets.callbackSecret');
}
