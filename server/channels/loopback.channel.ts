import { LoopbackMedia } from './loopback-media';
import type { FetchedMedia, OutboundSms, SendResult, SmsProvider } from './sms-provider';

/**
 * The built-in provider: "delivers" to the phone simulator in this process. Delivery is the status update itself,
 * which the sender writes in one statement, so loopback sends are exactly-once by construction.
 */
export class LoopbackProvider implements SmsProvider {
  readonly name = 'loopback';
  /** Pictures the simulator's customers send. */
  readonly media = new LoopbackMedia();

  async send(sms: OutboundSms): Promise<SendResult> {
    return { providerMessageId: `loopback-${sms.messageId}`, status: 'delivered' };
  }

  async findSent(): Promise<string | null> {
    return null;
  }

  async fetchMedia(url: string): Promise<FetchedMedia> {
    return this.media.read(url);
  }
}
