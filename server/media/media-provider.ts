import type { SmsProvider } from '../channels/sms-provider';
import type { AppDeps } from '../deps';

/** Where an inbound message came from: the provider that took it and the channel it arrived on (null: the default). */
export interface MediaSource { provider: string; channelId: number | null }

/**
 * The provider whose credentials fetch a customer's media: the provider of the channel the message arrived on (its
 * own account and token), even when that channel has been switched off since, for the media is still that account's;
 * the environment's for the default channel, or when the channel is gone. Null when that provider is not the one the
 * message came through, or has no media to give. Built by the registry, as the channel's sends are.
 */
export async function mediaProviderFor(deps: Pick<AppDeps, 'channels'>, source: MediaSource): Promise<SmsProvider | null> {
  const channel = await deps.channels.channel(source.channelId);
  const provider = channel ? deps.channels.providerForRow(channel) : deps.channels.defaultProvider;
  return provider && provider.name === source.provider && provider.fetchMedia ? provider : null;
}
