import { jsonReply, startFakeHttp, type FakeHttp, type FakeReply, type FakeRequest } from './fake-http';

/** One SendSms the fake accepted, as the official SDK put it on the wire; `at` dates it for QuerySendDetails. */
export interface FakeAliyunSend {
  phoneNumbers: string; signName: string; templateCode: string; templateParam: Record<string, string>; outId: string; bizId: string; at?: Date;
  /** SmsUpExtendCode, when the send carried one (a campaign's extension code). */
  extendCode?: string | null;
}

/** One SendBatchSms the fake accepted: the JSON arrays decoded, one entry per number. */
export interface FakeAliyunBatch {
  phoneNumbers: string[]; signNames: string[]; templateCode: string; templateParams: Array<Record<string, string>>; outId: string | null; bizId: string; at: Date;
  /** SmsUpExtendCodeJson decoded (one per number), when the call carried it. */
  extendCodes?: string[] | null;
}

/** The parameters each action must carry (besides the signature); anything missing is answered as a bad call. */
const REQUIRED: Record<string, string[]> = {
  SendSms: ['PhoneNumbers', 'SignName', 'TemplateCode', 'OutId'],
  SendBatchSms: ['PhoneNumberJson', 'SignNameJson', 'TemplateCode', 'TemplateParamJson'],
  QuerySendDetails: ['PhoneNumber', 'SendDate', 'PageSize', 'CurrentPage'],
};

/** Aliyun dates a send in Beijing time: yyyyMMdd of `at` there. */
const beijingDate = (at: Date) => new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 10).replace(/-/g, '');

/** A JSON array of strings (or of objects) the SDK put in a parameter, or null when it is not one. */
function jsonArray<T>(raw: string | null, item: (v: unknown) => v is T): T[] | null {
  try {
    const parsed: unknown = JSON.parse(raw ?? '');
    return Array.isArray(parsed) && parsed.every(item) ? parsed : null;
  } catch { return null; }
}
const isString = (v: unknown): v is string => typeof v === 'string' && v.length > 0;
const isParams = (v: unknown): v is Record<string, string> => !!v && typeof v === 'object' && !Array.isArray(v) && Object.values(v).every((x) => typeof x === 'string');

/**
 * Aliyun's Dysmsapi on localhost (tests point ALIYUN_SMS_ENDPOINT here). It checks what the SDK sends: POST, the
 * action and version (x-acs-action/x-acs-version headers of the ACS3 signature the 4.x SDK uses, or the classic
 * RPC query), a signature, and each action's parameters (SendSms; SendBatchSms with its JSON arrays, one entry per
 * number; QuerySendDetails); anything missing is answered as Aliyun answers a bad call.
 */
export class FakeAliyun {
  readonly sends: FakeAliyunSend[] = [];
  readonly batches: FakeAliyunBatch[] = [];
  /** Every QuerySendDetails asked: which number, which day. */
  readonly queries: Array<{ phoneNumber: string; sendDate: string }> = [];
  /** Failures to answer before accepting again, as Aliyun's body: e.g. { Code: 'isv.BUSINESS_LIMIT_CONTROL' }. */
  failNext: Array<{ Code: string; Message?: string; status?: number }> = [];
  /** Requests refused because they were not what the SDK should send: a test asserts this stays empty. */
  readonly malformed: string[] = [];
  private http?: FakeHttp;
  private counter = 0;

  get url(): string { return this.http?.url ?? ''; }
  /** Every request as it arrived. */
  get requests(): FakeRequest[] { return this.http?.requests ?? []; }

  async start(): Promise<this> {
    this.http = await startFakeHttp((req) => this.handle(req));
    return this;
  }

  async stop(): Promise<void> { await this.http?.stop(); }

  private handle(req: FakeRequest): FakeReply {
    const params = new URLSearchParams(new URL(req.url, 'http://fake').search);
    for (const [k, v] of new URLSearchParams(req.body)) params.set(k, v);
    const action = String(req.headers['x-acs-action'] ?? params.get('Action'));
    const version = req.headers['x-acs-version'] ?? params.get('Version');
    const signed = /^ACS3-HMAC-SHA256 Credential=\S+,SignedHeaders=\S+,Signature=[0-9a-f]{64}$/.test(String(req.headers.authorization ?? ''))
      || (params.has('Signature') && params.has('AccessKeyId'));
    const problem = req.method !== 'POST' ? `method ${req.method}` : !REQUIRED[action] ? `action ${action}` : version !== '2017-05-25' ? `version ${version}`
      : !signed ? 'no signature' : REQUIRED[action].find((p) => !params.get(p));
    if (problem) return this.refuse(problem);
    if (action === 'QuerySendDetails') return this.query(params);
    const failure = this.failNext.shift();
    if (failure) return jsonReply(failure.status ?? 200, { Code: failure.Code, Message: failure.Message ?? failure.Code, RequestId: 'fake' });
    const bizId = `${900000 + ++this.counter}^0`;
    if (action === 'SendBatchSms') {
      const phones = jsonArray(params.get('PhoneNumberJson'), isString);
      const signs = jsonArray(params.get('SignNameJson'), isString);
      const values = jsonArray(params.get('TemplateParamJson'), isParams);
      if (!phones || !signs || !values) return this.refuse('PhoneNumberJson, SignNameJson and TemplateParamJson must be JSON arrays');
      if (phones.length > 100) return this.refuse('more than 100 numbers');
      if (signs.length !== phones.length || values.length !== phones.length) return this.refuse('one signature and one parameter set per number');
      this.batches.push({ phoneNumbers: phones, signNames: signs, templateCode: params.get('TemplateCode')!, templateParams: values, outId: params.get('OutId'), bizId, at: new Date(),
        extendCodes: params.has('SmsUpExtendCodeJson') ? JSON.parse(params.get('SmsUpExtendCodeJson')!) as string[] : null });
    } else {
      this.sends.push({
        phoneNumbers: params.get('PhoneNumbers')!, signName: params.get('SignName')!, templateCode: params.get('TemplateCode')!,
        templateParam: JSON.parse(params.get('TemplateParam') ?? '{}') as Record<string, string>, outId: params.get('OutId')!, bizId, at: new Date(),
        extendCode: params.get('SmsUpExtendCode'),
      });
    }
    return jsonReply(200, { Code: 'OK', Message: 'OK', BizId: bizId, RequestId: `req-${this.counter}` });
  }

  private refuse(problem: string): FakeReply {
    this.malformed.push(problem);
    return jsonReply(400, { Code: 'MissingParameter', Message: `fake: ${problem}`, RequestId: 'fake' });
  }

  /** QuerySendDetails: what was sent to one number on one (Beijing) day, newest first, a page at a time. */
  private query(params: URLSearchParams): FakeReply {
    const phoneNumber = params.get('PhoneNumber')!;
    const sendDate = params.get('SendDate')!;
    if (!/^\d{8}$/.test(sendDate)) return this.refuse(`SendDate ${sendDate}`);
    const pageSize = Number(params.get('PageSize'));
    if (!(pageSize >= 1 && pageSize <= 50)) return this.refuse(`PageSize ${pageSize}`);
    this.queries.push({ phoneNumber, sendDate });
    const records = [
      ...this.sends.flatMap((s) => s.phoneNumbers.split(',').map((p) => ({ phone: p, outId: s.outId, templateCode: s.templateCode, at: s.at ?? new Date() }))),
      ...this.batches.flatMap((b) => b.phoneNumbers.map((p) => ({ phone: p, outId: b.outId ?? '', templateCode: b.templateCode, at: b.at }))),
    ].filter((r) => r.phone === phoneNumber && beijingDate(r.at) === sendDate).reverse();
    const page = records.slice((Number(params.get('CurrentPage')) - 1) * pageSize).slice(0, pageSize);
    return jsonReply(200, {
      Code: 'OK', Message: 'OK', RequestId: 'fake-query', TotalCount: String(records.length),
      SmsSendDetailDTOs: { SmsSendDetailDTO: page.map((r) => ({ PhoneNum: r.phone, SendStatus: 1, ErrCode: '', TemplateCode: r.templateCode, Content: '', SendDate: r.at.toISOString(), ReceiveDate: '', OutId: r.outId })) },
    });
  }
}
