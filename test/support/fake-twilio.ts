import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeTwilioSend { sid: string; to: string; from: string; body: string; statusCallback?: string; at: Date }

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
  private server = http.createServer((req, res) => this.handle(req, res));
  private counter = 0;
  url = '';

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    let raw = '';
    req.on('data', (c) => { raw += c; });
    req.on('end', () => {
      const json = (status: number, body: unknown) => { res.writeHead(status, { 'content-type': 'application/json' }); res.end(JSON.stringify(body)); };
      if (!/\/2010-04-01\/Accounts\/[^/]+\/Messages\.json/.test(req.url ?? '')) return json(404, { code: 20404, message: 'not found' });
      if (req.method === 'GET') {
        const q = new URL(req.url!, 'http://x').searchParams;
        const messages = this.sends.filter((s) => s.to === q.get('To')).map((s) => ({ sid: s.sid, to: s.to, body: s.body, status: 'sent', date_created: s.at.toUTCString() }));
        return json(200, { messages });
      }
      const failure = this.failNext.shift();
      if (failure) return json(failure.status, { code: failure.code ?? failure.status, message: `fake failure ${failure.status}` });
      const form = new URLSearchParams(raw);
      const send = { sid: `SM${String(++this.counter).padStart(32, '0')}`, to: form.get('To')!, from: form.get('From')!, body: form.get('Body')!, statusCallback: form.get('StatusCallback') ?? undefined, at: new Date() };
      this.sends.push(send);
      setTimeout(() => json(201, { sid: send.sid, status: 'queued', body: send.body, to: send.to }), this.responseDelayMs);
    });
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
