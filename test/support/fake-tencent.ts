import { jsonReply, startFakeHttp, type FakeHttp, type FakeReply, type FakeRequest } from './fake-http';

/**
 * One SendSms the fake accepted, as the official SDK put it on the wire: every number it took, each with its own
 * SerialNo (`serialNo` is the first one's, for a send to one number); `at` dates it for the pull of statuses.
 */
export interface FakeTencentSend {
  phoneNumbers: string[]; smsSdkAppId: string; signName: string; templateId: string; templateParams: string[]; sessionContext: string;
  serialNo: string; serialNos: string[]; at?: Date;
}

const REQUIRED: Record<string, string[]> = {
  SendSms: ['PhoneNumberSet', 'SmsSdkAppId', 'SignName', 'TemplateId', 'TemplateParamSet', 'SessionContext'],
  PullSmsSendStatusByPhoneNumber: ['BeginTime', 'Offset', 'Limit', 'PhoneNumber', 'SmsSdkAppId'],
};

/**
 * Tencent Cloud's SMS API 3.0 on localhost (tests point TENCENT_SMS_ENDPOINT here). It checks what the SDK sends:
 * POST JSON with X-TC-Action (SendSms, PullSmsSendStatusByPhoneNumber), X-TC-Version 2021-01-11, a TC3-HMAC-SHA256
 * Authorization and the body fields; and answers as Tencent does: `{"Response":{"SendStatusSet":[…]}}` with a Code
 * per number, or `{"Response":{"Error":…}}`.
 */
export class FakeTencent {
  readonly sends: FakeTencentSend[] = [];
  /** Per-number codes to answer (every number of the next request) before accepting again (e.g. 'LimitExceeded.PhoneNumberThirtySecondLimit'). */
  failNext: string[] = [];
  /** Numbers that fail with their code in every send, the others of the same request going out (a bad number in a batch). */
  readonly failNumbers = new Map<string, string>();
  /** Whole-request errors to answer before accepting again (`{"Response":{"Error":{Code,Message}}}`). */
  failCall: string[] = [];
  /** Every PullSmsSendStatusByPhoneNumber asked. */
  readonly pulls: Array<{ phoneNumber: string; beginTime: number; endTime?: number }> = [];
  readonly malformed: string[] = [];
  private http?: FakeHttp;
  private counter = 0;

  get url(): string { return this.http?.url ?? ''; }
  get requests(): FakeRequest[] { return this.http?.requests ?? []; }

  async start(): Promise<this> {
    this.http = await startFakeHttp((req) => this.handle(req));
    return this;
  }

  async stop(): Promise<void> { await this.http?.stop(); }

  private answer(response: Record<string, unknown>): FakeReply {
    return jsonReply(200, { Response: { ...response, RequestId: `req-${this.counter}` } });
  }

  private handle(req: FakeRequest): FakeReply {
    let body: Record<string, unknown> = {};
    try { body = JSON.parse(req.body) as Record<string, unknown>; } catch { /* reported below */ }
    const h = req.headers;
    const action = String(h['x-tc-action']);
    const problem = req.method !== 'POST' ? `method ${req.method}` : !REQUIRED[action] ? `action ${action}`
      : h['x-tc-version'] !== '2021-01-11' ? `version ${h['x-tc-version']}`
        : !/^TC3-HMAC-SHA256 Credential=\S+\/tc3_request, SignedHeaders=\S+, Signature=[0-9a-f]{64}$/.test(String(h.authorization ?? '')) ? 'no signature'
          : REQUIRED[action].find((f) => body[f] === undefined);
    if (problem) return this.refuse(problem);
    if (action === 'PullSmsSendStatusByPhoneNumber') return this.pull(body);
    const phones = body.PhoneNumberSet as string[];
    if (!Array.isArray(phones) || phones.length === 0 || phones.length > 200) return this.refuse('PhoneNumberSet must hold 1 to 200 numbers');
    this.counter++;
    const error = this.failCall.shift();
    if (error) return this.answer({ Error: { Code: error, Message: error } });
    const code = this.failNext.shift();
    const failed = (p: string) => code ?? this.failNumbers.get(p);
    const statuses = phones.map((p) => {
      const failure = failed(p);
      const serialNo = failure ? '' : `2433:${100000 + this.counter}${phones.length > 1 ? `-${p.slice(-4)}` : ''}`;
      return { SerialNo: serialNo, PhoneNumber: p, Fee: failure ? 0 : 1, SessionContext: body.SessionContext, Code: failure ?? 'Ok', Message: failure ?? 'send success', IsoCode: 'CN' };
    });
    const accepted = statuses.filter((s) => s.Code === 'Ok');
    if (accepted.length) {
      this.sends.push({
        phoneNumbers: accepted.map((s) => s.PhoneNumber), smsSdkAppId: String(body.SmsSdkAppId), signName: String(body.SignName), templateId: String(body.TemplateId),
        templateParams: body.TemplateParamSet as string[], sessionContext: String(body.SessionContext), serialNo: accepted[0].SerialNo,
        serialNos: accepted.map((s) => s.SerialNo), at: new Date(),
      });
    }
    return this.answer({ SendStatusSet: statuses });
  }

  private refuse(problem: string): FakeReply {
    this.malformed.push(problem);
    return this.answer({ Error: { Code: 'MissingParameter', Message: `fake: ${problem}` } });
  }

  /** What was sent to one number between BeginTime and EndTime (Unix seconds), with the SessionContext it carried. */
  private pull(body: Record<string, unknown>): FakeReply {
    const phoneNumber = String(body.PhoneNumber);
    const beginTime = Number(body.BeginTime);
    const endTime = body.EndTime === undefined ? undefined : Number(body.EndTime);
    if (!/^\+\d{6,15}$/.test(phoneNumber)) return this.refuse(`PhoneNumber ${phoneNumber}`);
    if (!(Number(body.Limit) >= 1 && Number(body.Limit) <= 100)) return this.refuse(`Limit ${String(body.Limit)}`);
    this.pulls.push({ phoneNumber, beginTime, endTime });
    const within = (at: Date) => at.getTime() / 1000 >= beginTime && (endTime === undefined || at.getTime() / 1000 <= endTime + 1);
    const set = this.sends.flatMap((s) => s.phoneNumbers.map((p, i) => ({ p, i, s })))
      .filter(({ p, s }) => p === phoneNumber && within(s.at ?? new Date()))
      .slice(0, Number(body.Limit))
      .map(({ p, i, s }) => ({
        UserReceiveTime: null, CountryCode: '86', SubscriberNumber: p.replace(/^\+86/, ''), PhoneNumber: p, SerialNo: s.serialNos[i],
        ReportStatus: null, Description: null, SessionContext: s.sessionContext,
      }));
    return this.answer({ PullSmsSendStatusSet: set });
  }
}
