import request from 'supertest';
import { getExpectedTwilioSignature } from 'twilio/lib/webhooks/webhooks';
import { jsonReply, startFakeHttp, type FakeHttp, type FakeReply, type FakeRequest } from './fake-http';

/** A file a fake server hands out; `delayMs` holds the answer back (a provider that hangs). */
export interface FakeFile { contentType: string; bytes: Buffer; delayMs?: number }
export interface SeenRequest { path: string; authorization?: string }

/**
 * An HTTP server that serves `files` by path and remembers every request: a provider's CDN, or a host nobody should
 * ever call (a test then asserts `requests` stayed empty).
 */
export class FakeFileHost {
  readonly files = new Map<string, FakeFile>();
  readonly requests: SeenRequest[] = [];
  private http?: FakeHttp;

  get url(): string { return this.http?.url ?? ''; }

  async start(host = '127.0.0.1'): Promise<this> {
    this.http = await startFakeHttp((req) => this.handle(req), { host });
    return this;
  }

  async stop(): Promise<void> { await this.http?.stop(); }

  private handle(req: FakeRequest): FakeReply {
    this.requests.push({ path: req.url, authorization: req.headers.authorization });
    const file = this.files.get(req.path);
    if (!file) return { status: 404 };
    return { status: 200, headers: { 'content-type': file.contentType, 'content-length': file.bytes.length }, body: file.bytes, delayMs: file.delayMs };
  }
}

/** `account`: the AccountSid in the URL the send was posted to. */
export interface FakeTwilioSend { sid: string; account?: string; to: string; from: string; messagingServiceSid?: string; body: string; statusCallback?: string; at: Date }

/**
 * Twilio's Messages API on localhost: records every send and can be told to fail. Tests point TWILIO_API_BASE here,
 * so nothing ever reaches the internet.
 */
export class FakeTwilio {
  readonly sends: FakeTwilioSend[] = [];
  /** Answers to give before accepting again: e.g. [500, 429] fails twice, then sends. */
  failNext: Array<{ status: number; code?: number }> = [];
  /** Accept (record) a send at once but answer only after this long: the window in which a crash loses the answer. */
  responseDelayMs = 0;
  /** Called for each send accepted, before it is answered: a status callback Twilio posts that soon, say. */
  onAccepted?: (send: FakeTwilioSend) => void;
  /**
   * MMS media by path (`/2010-04-01/Accounts/ACtest/Messages/MM…/Media/ME…`): each answers, as Twilio does, with a
   * redirect to a signed URL, here the `redirectTo` given with it. Media requests must carry `auth` (Basic) when the
   * entry names one (media of another account), else `mediaAuth`.
   */
  readonly media = new Map<string, { redirectTo: string; auth?: string }>();
  mediaAuth = '';
  readonly mediaRequests: SeenRequest[] = [];
  private http?: FakeHttp;
  private counter = 0;

  get url(): string { return this.http?.url ?? ''; }

  async start(): Promise<this> {
    this.http = await startFakeHttp((req) => this.handle(req));
    return this;
  }

  async stop(): Promise<void> { await this.http?.stop(); }

  private handle(req: FakeRequest): FakeReply {
    const media = this.media.get(req.url);
    if (media) {
      this.mediaRequests.push({ path: req.url, authorization: req.headers.authorization });
      if (req.headers.authorization !== (media.auth ?? this.mediaAuth)) return jsonReply(401, { code: 20003, message: 'Authenticate' });
      return { status: 302, headers: { location: media.redirectTo } };
    }
    if (!/\/2010-04-01\/Accounts\/[^/]+\/Messages\.json/.test(req.url)) return jsonReply(404, { code: 20404, message: 'not found' });
    if (req.method === 'GET') {
      const q = new URL(req.url, 'http://x').searchParams;
      const messages = this.sends.filter((s) => s.to === q.get('To')).map((s) => ({ sid: s.sid, to: s.to, body: s.body, status: 'sent', date_created: s.at.toUTCString() }));
      return jsonReply(200, { messages });
    }
    const failure = this.failNext.shift();
    if (failure) return jsonReply(failure.status, { code: failure.code ?? failure.status, message: `fake failure ${failure.status}` });
    const form = new URLSearchParams(req.body);
    const send = {
      sid: `SM${String(++this.counter).padStart(32, '0')}`, account: /\/Accounts\/([^/]+)\//.exec(req.url)![1], to: form.get('To')!, from: form.get('From') ?? '',
      messagingServiceSid: form.get('MessagingServiceSid') ?? undefined, body: form.get('Body')!, statusCallback: form.get('StatusCallback') ?? undefined, at: new Date(),
    };
    this.sends.push(send);
    this.onAccepted?.(send);
    return jsonReply(201, { sid: send.sid, status: 'queued', body: send.body, to: send.to }, this.responseDelayMs);
  }
}

/**
 * A test server's settings for sending through `twilio`, with the outbox left to the test: it polls once a minute, so
 * a test drains it by hand and a planned failure meets the send it is meant for (start the server with
 * `startSender: false`).
 */
export const twilioEnv = (twilio: FakeTwilio, authToken: string): Record<string, string> => ({
  SMS_PROVIDER: 'twilio', TWILIO_ACCOUNT_SID: 'ACtest', TWILIO_AUTH_TOKEN: authToken, TWILIO_FROM: '+8610690001',
  TWILIO_API_BASE: twilio.url, OUTBOX_POLL_MS: '60000',
});

/** Posts a status callback as Twilio does: to the URL the send named (PUBLIC_URL's host), signed over it with `authToken`. */
export function postTwilioStatus(hx: { url: string }, authToken: string, callbackUrl: string, params: Record<string, string>) {
  const url = new URL(callbackUrl);
  const signature = getExpectedTwilioSignature(authToken, callbackUrl, params);
  return request(hx.url).post(`${url.pathname}${url.search}`).type('form').set('X-Twilio-Signature', signature).send(params);
}
