/** What the pipeline hands a provider, and what it needs back. */
/**
 * `template` is the Huixin template (and the variables it was rendered with) a bot message came from: providers that
 * only send approved templates (Aliyun, Tencent) fill theirs from it; the others send `body`.
 */
export interface OutboundSms {
  messageId: number; to: string; body: string;
  /**
   * `provider`: the approved template this message names itself (a campaign's, issue 16), used instead of looking
   * `key` up in the channel's mapping.
   */
  template?: { key: string; vars: Record<string, unknown>; provider?: { code: string; params: Record<string, string> } };
  /** A campaign's extension code (1–4 digits): Chinese channels send it, so a reply on it names the campaign. */
  extendCode?: string;
}

/** `billedSegments`: the parts the provider will bill, when its answer says. */
export interface SendResult { providerMessageId: string; status?: 'sent' | 'delivered'; billedSegments?: number }

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
  /**
   * Bulk sending in one provider call (Aliyun SendBatchSms ≤100 numbers, Tencent SendSms ≤200 numbers). Messages
   * may share a call only when `batchKey` gives them the same non-null key (same template, same parameters where
   * the provider needs that). Answers one entry per message, in order: its SendResult, or the ProviderError that
   * message alone failed with. A thrown error fails the whole call (every message in it).
   */
  sendBatch?(batch: OutboundSms[]): Promise<Array<SendResult | ProviderError>>;
  batchKey?(sms: OutboundSms): string | null;
  /** The most messages one sendBatch call takes. */
  readonly maxBatch?: number;
  /**
   * The bytes of a picture (or other media) a customer sent, fetched with the provider's own credentials, so the
   * browser never loads a provider URL. Throws MediaError; a provider without it has no media to show.
   */
  fetchMedia?(url: string, limits: MediaLimits): Promise<FetchedMedia>;
}

/** One attachment of an inbound message, as a webhook named it. */
export interface InboundMedia { url: string; contentType: string | null }

export interface MediaLimits { maxBytes: number; timeoutMs: number }
export interface FetchedMedia { contentType: string; bytes: Buffer }

/**
 * Why media could not be had: `refused` (not a URL of this provider: never requested), `not_found` (the provider
 * no longer has it), `too_large` (over the cap, stopped reading), `unavailable` (network, timeout, 5xx, bad redirect).
 */
export class MediaError extends Error {
  constructor(readonly reason: 'refused' | 'not_found' | 'too_large' | 'unavailable', message: string) {
    super(message);
  }
}

/** The inbound SMS as every channel hands it to the pipeline: already normalised and validated. */
export interface InboundSms {
  provider: string;
  providerMessageId: string;
  from: string;   // E.164
  to: string;
  body: string;
  media: InboundMedia[];
  /** Other names of the channel it came in on than `to` (a Twilio Messaging Service SID, an Aliyun dest code). */
  channelKeys?: string[];
  /** The extension code the text arrived on (Aliyun `dest_code`, Tencent `extend`), kept on the row. */
  extendCode?: string | null;
  /** The channel the callback itself was addressed to (a channel's secret path); absent: found from `to` and `channelKeys`. */
  channelId?: number;
}

export const MAX_BODY_LENGTH = 1600;
