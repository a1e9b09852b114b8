/** What the pipeline hands a provider, and what it needs back. */
export interface OutboundSms { messageId: number; to: string; body: string }

export interface SendResult { providerMessageId: string; status?: 'sent' | 'delivered' }

/** A failure the sender may retry (rate limit, network, 5xx) or must not (bad number, opted out at the carrier). */
export class ProviderError extends Error {
  constructor(message: string, readonly retryable: boolean, readonly code?: string, readonly optedOut = false) {
    super(message);
  }
}

export interface SmsProvider {
  readonly name: string;
  send(sms: OutboundSms): Promise<SendResult>;
  /**
   * After a crash mid-send the server cannot know whether the provider accepted the message. A provider that can
   * look it up answers here (the id it was given, or null if it never arrived), so the retry never sends it twice.
   */
  findSent?(sms: OutboundSms, since: Date): Promise<string | null>;
}

/** The inbound SMS as every channel hands it to the pipeline: already normalised and validated. */
export interface InboundSms {
  provider: string;
  providerMessageId: string;
  from: string;   // E.164
  to: string;
  body: string;
  media: string[];
}

export const MAX_BODY_LENGTH = 1600;
