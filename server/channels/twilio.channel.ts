import { fetchMediaUrl } from './fetch-media';
import { postForm, type ProviderAnswer } from './provider-http';
import { MediaError, ProviderError, type FetchedMedia, type MediaLimits, type OutboundSms, type SendResult, type SmsProvider } from './sms-provider';

/** `from` is a number or short code, or a Messaging Service SID (`MG…`), which Twilio takes as MessagingServiceSid instead. */
export interface TwilioSettings { accountSid: string; authToken: string; from: string; apiBase: string; statusCallbackUrl?: string }

const isMessagingService = (sender: string) => /^MG[0-9a-fA-F]{32}$/.test(sender);

/** The sender's form field: a Messaging Service picks the number from its pool, so From must then be absent. */
const senderField = (sender: string): Record<string, string> => (isMessagingService(sender) ? { MessagingServiceSid: sender } : { From: sender });

/**
 * Each send's status callback names our id for the text (`?m=`, signed with the rest of the URL by Twilio): its first
 * receipt can arrive before the sender has stored the sid Twilio answered with, and is then found by our id.
 */
const withOurId = (callbackUrl: string, messageId: number) => `${callbackUrl}${callbackUrl.includes('?') ? '&' : '?'}m=${messageId}`;

interface TwilioMessage { sid: string; status: string; body?: string; to?: string; date_created?: string; num_segments?: string }

/** Twilio's JSON answer, or nothing known when it is not JSON (a proxy's error page). */
const parsed = (body: string): Partial<TwilioMessage> & { code?: number; message?: string } => {
  try {
    const value: unknown = JSON.parse(body);
    return value && typeof value === 'object' ? value : {};
  } catch {
    return {};
  }
};

/** Twilio's REST Messages API (PROVIDERS.md §1e). TWILIO_API_BASE points tests at a local fake. */
export class TwilioProvider implements SmsProvider {
  readonly name = 'twilio';

  constructor(private readonly settings: TwilioSettings) {}

  private get messagesUrl(): string {
    return `${this.settings.apiBase.replace(/\/$/, '')}/2010-04-01/Accounts/${this.settings.accountSid}/Messages.json`;
  }

  private get authHeader(): string {
    return `Basic ${Buffer.from(`${this.settings.accountSid}:${this.settings.authToken}`).toString('base64')}`;
  }

  async send(sms: OutboundSms): Promise<SendResult> {
    const form = new URLSearchParams({ To: sms.to, ...senderField(this.settings.from), Body: sms.body });
    if (this.settings.statusCallbackUrl) form.set('StatusCallback', withOurId(this.settings.statusCallbackUrl, sms.messageId));
    let res: ProviderAnswer;
    try {
      // node:http over a keep-alive socket rather than fetch: the send is the sender's hot path (provider-http.ts).
      res = await postForm(this.messagesUrl, form.toString(), { Authorization: this.authHeader, 'Content-Type': 'application/x-www-form-urlencoded' }, 15_000);
    } catch (err) {
      throw new ProviderError(`Twilio unreachable: ${(err as Error).message}`, true, 'network');
    }
    const payload = parsed(res.body);
    const ok = res.status >= 200 && res.status < 300;
    if (ok && payload.sid) {
      const segments = Number(payload.num_segments);
      return { providerMessageId: payload.sid, ...(Number.isInteger(segments) && segments > 0 ? { billedSegments: segments } : {}) };
    }
    const code = payload.code ? String(payload.code) : `http_${res.status}`;
    const retryable = res.status === 429 || res.status >= 500;
    throw new ProviderError(payload.message ?? `Twilio answered ${res.status}`, retryable, code, code === '21610');
  }

  /** Twilio has no idempotency key for sends; after a crash we look for the same body to the same number since the claim. */
  async findSent(sms: OutboundSms, since: Date): Promise<string | null> {
    // A Messaging Service sends from any number of its pool: look by recipient alone (the body still has to match).
    const query = new URLSearchParams({ To: sms.to, ...(isMessagingService(this.settings.from) ? {} : { From: this.settings.from }), 'DateSent>': since.toISOString().slice(0, 10) });
    const res = await fetch(`${this.messagesUrl}?${query}`, { headers: { Authorization: this.authHeader }, signal: AbortSignal.timeout(15_000) });
    if (!res.ok) throw new ProviderError(`Twilio lookup answered ${res.status}`, true, `http_${res.status}`);
    const { messages = [] } = (await res.json()) as { messages?: TwilioMessage[] };
    const match = messages.find((m) => m.body === sms.body && (!m.date_created || new Date(m.date_created) >= new Date(since.getTime() - 60_000)));
    return match?.sid ?? null;
  }

  /**
   * MMS media lives at api.twilio.com (Basic auth when the account enforces it) and redirects to a signed CDN URL.
   * Only URLs on the API's own origin are fetched at all: a stored URL is data from outside, and a forged one could
   * point at an internal address. Redirects go to https hosts (or, for a local fake API, its own host) and carry no
   * credentials: they are for Twilio alone.
   */
  async fetchMedia(url: string, limits: MediaLimits): Promise<FetchedMedia> {
    const api = new URL(this.settings.apiBase);
    const target = URL.canParse(url) ? new URL(url) : null;
    if (!target || target.origin !== api.origin) throw new MediaError('refused', `Not a media URL of ${api.origin}`);
    return fetchMediaUrl(target, {
      headersFor: (u): Record<string, string> => (u.origin === api.origin ? { Authorization: this.authHeader } : {}),
      mayRedirectTo: (u) => u.protocol === 'https:' || u.hostname === api.hostname,
    }, limits);
  }
}
