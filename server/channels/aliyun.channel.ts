import Dysmsapi, { QuerySendDetailsRequest, SendBatchSmsRequest, SendSmsRequest } from '@alicloud/dysmsapi20170525';
import { Config as AliyunConfig } from '@alicloud/openapi-client';
import { callContext, contextNames, planCalls } from './batch-calls';
import { perNumberId, recoveredId } from './provider-ids';
import { resolveTemplate, type ResolvedTemplate, type TemplateMapping } from './provider-templates';
import { ProviderError, type OutboundSms, type SendResult, type SmsProvider } from './sms-provider';

export interface AliyunSettings { accessKeyId: string; accessKeySecret: string; signName: string; endpoint: string; templates: TemplateMapping }

type SendRuntime = Parameters<Dysmsapi['sendSmsWithOptions']>[1];

/** SendSms is not idempotent (PROVIDERS.md §2e): the SDK must not retry on its own; the outbox decides. */
const RUNTIME = { autoretry: false, readTimeout: 15_000, connectTimeout: 5_000 } as SendRuntime;
/** OutId is "a string of fewer than 256 characters" (SendBatchSms reference). */
const MAX_OUT_ID = 255;
/** QuerySendDetails: at most 50 records a page, and only the last 30 days are kept. */
const QUERY_PAGE = 50;
const QUERY_PAGES = 20;
const QUERY_DAYS = 30;

/** Aliyun dates sends in Beijing time (UTC+8, no daylight saving): yyyyMMdd of every day from `since` to `until`. */
function beijingDays(since: Date, until: Date): string[] {
  const day = (t: number) => new Date(t + 8 * 3600_000).toISOString().slice(0, 10).replace(/-/g, '');
  const from = Math.max(since.getTime(), until.getTime() - (QUERY_DAYS - 1) * 86_400_000);
  const days: string[] = [];
  for (let t = from; day(t) <= day(until.getTime()); t += 86_400_000) days.push(day(t));
  return days;
}

interface AliyunAnswer { code?: string; message?: string; bizId?: string }

/**
 * Codes Aliyun answers SendSms with that are worth trying again later: its flow control (per number per minute/hour,
 * per account) and its own faults. Everything else (bad number, template, signature, money) needs a person.
 */
const RETRYABLE = new Set(['isv.BUSINESS_LIMIT_CONTROL', 'Throttling', 'Throttling.User', 'Throttling.Api', 'isp.SYSTEM_ERROR', 'ServiceUnavailable', 'InternalError']);

/**
 * Aliyun's PhoneNumbers: mainland numbers bare (no +86), others country code + number without "+" (PROVIDERS.md §2e).
 * @example aliyunNumber('+8613800138000') // → '13800138000'
 * @example aliyunNumber('+85291234567')   // → '85291234567'
 */
export function aliyunNumber(e164: string): string {
  return e164.startsWith('+86') ? e164.slice(3) : e164.replace(/^\+/, '');
}

/** Aliyun SMS (Dysmsapi 2017-05-25) through its official SDK; ALIYUN_SMS_ENDPOINT points tests at a local fake. */
export class AliyunProvider implements SmsProvider {
  readonly name = 'aliyun';
  private readonly client: Dysmsapi;

  constructor(private readonly settings: AliyunSettings) {
    const url = new URL(settings.endpoint);
    this.client = new Dysmsapi(new AliyunConfig({
      accessKeyId: settings.accessKeyId, accessKeySecret: settings.accessKeySecret,
      endpoint: url.host, protocol: url.protocol.replace(':', ''),
    }) as ConstructorParameters<typeof Dysmsapi>[0]);
  }

  readonly maxBatch = 100;

  async send(sms: OutboundSms): Promise<SendResult> {
    const template = resolveTemplate(this.settings.templates, sms);
    const request = new SendSmsRequest({
      phoneNumbers: aliyunNumber(sms.to), signName: this.settings.signName, templateCode: template.code,
      templateParam: JSON.stringify(Object.fromEntries(template.params)),
      // Echoed back as the receipt's out_id: the receipt finds its message even if our BizId write never landed.
      outId: callContext([sms.messageId]),
      ...(sms.extendCode ? { smsUpExtendCode: sms.extendCode } : {}),
    });
    return { providerMessageId: await this.call(() => this.client.sendSmsWithOptions(request, RUNTIME), 'SendSms') };
  }

  /** SendBatchSms takes one TemplateCode for every number (each with its own signature and parameters). */
  batchKey(sms: OutboundSms): string | null {
    try { return resolveTemplate(this.settings.templates, sms).code; } catch { return null; }
  }

  /**
   * SendBatchSms (≤100 numbers, one template). Aliyun answers one BizId for the call and its receipts name a message
   * by biz_id and phone_number, so each message's provider id is the BizId with its number (perNumberId); a number
   * goes at most once per call. A message alone in its call goes by SendSms, whose receipts also carry its own id.
   * A batch that goes out as one call and fails throws (every message failed alike); split into several calls (two
   * templates, a repeated number), each call's failure is its messages' entry.
   */
  async sendBatch(batch: OutboundSms[]): Promise<Array<SendResult | ProviderError>> {
    const results: Array<SendResult | ProviderError | undefined> = new Array(batch.length);
    const byTemplate = new Map<string, Array<{ at: number; template: ResolvedTemplate }>>();
    batch.forEach((sms, at) => {
      try {
        const template = resolveTemplate(this.settings.templates, sms);
        byTemplate.set(template.code, [...(byTemplate.get(template.code) ?? []), { at, template }]);
      } catch (err) {
        if (!(err instanceof ProviderError)) throw err;
        results[at] = err;
      }
    });
    const calls = [...byTemplate.values()].flatMap((group) =>
      planCalls(group.map((g) => batch[g.at]), this.maxBatch, MAX_OUT_ID).map((call) => call.map((i) => group[i])));
    for (const call of calls) {
      try {
        if (call.length === 1) {
          results[call[0].at] = await this.send(batch[call[0].at]);
          continue;
        }
        const messages = call.map((c) => batch[c.at]);
        const request = new SendBatchSmsRequest({
          phoneNumberJson: JSON.stringify(messages.map((m) => aliyunNumber(m.to))),
          signNameJson: JSON.stringify(messages.map(() => this.settings.signName)),
          templateCode: call[0].template.code,
          templateParamJson: JSON.stringify(call.map((c) => Object.fromEntries(c.template.params))),
          outId: callContext(messages.map((m) => m.messageId)),
          ...(messages.some((m) => m.extendCode) ? { smsUpExtendCodeJson: JSON.stringify(messages.map((m) => m.extendCode ?? '')) } : {}),
        });
        const bizId = await this.call(() => this.client.sendBatchSmsWithOptions(request, RUNTIME), 'SendBatchSms');
        messages.forEach((m, i) => { results[call[i].at] = { providerMessageId: perNumberId(bizId, aliyunNumber(m.to)) }; });
      } catch (err) {
        if (!(err instanceof ProviderError) || calls.length === 1) throw err;
        for (const c of call) results[c.at] = err;
      }
    }
    return results as Array<SendResult | ProviderError>;
  }

  /**
   * After a crash: QuerySendDetails for the number, day by day (Beijing dates) since the claim, looking for a send
   * whose OutId names this message (alone, or among a batch's). Its answer has no BizId, so a found message gets a
   * stand-in provider id that its receipt (out_id) replaces.
   */
  async findSent(sms: OutboundSms, since: Date): Promise<string | null> {
    for (const sendDate of beijingDays(since, new Date())) {
      for (let currentPage = 1; currentPage <= QUERY_PAGES; currentPage++) {
        const request = new QuerySendDetailsRequest({ phoneNumber: aliyunNumber(sms.to), sendDate, pageSize: QUERY_PAGE, currentPage });
        let body;
        try {
          body = (await this.client.querySendDetailsWithOptions(request, RUNTIME)).body;
        } catch (err) {
          throw this.failure(err);
        }
        if (body?.code !== 'OK') throw new ProviderError(`Aliyun QuerySendDetails: ${body?.message ?? 'failed'}`, true, (body?.code ?? 'unknown').slice(0, 32));
        const records = body.smsSendDetailDTOs?.smsSendDetailDTO ?? [];
        if (records.some((r) => contextNames(r.outId, sms.messageId))) return recoveredId(sms.messageId);
        if (records.length < QUERY_PAGE) break;
      }
    }
    return null;
  }

  /** One send call: its BizId, or the ProviderError its failure is (retryable when Aliyun or the network may mend it). */
  private async call(send: () => Promise<{ body?: AliyunAnswer }>, action: string): Promise<string> {
    let body: AliyunAnswer | undefined;
    try {
      body = (await send()).body;
    } catch (err) {
      throw this.failure(err);
    }
    if (body?.code === 'OK' && body.bizId) return body.bizId;
    const code = body?.code ?? 'unknown';
    throw new ProviderError(`Aliyun: ${body?.message ?? `${action} failed`}`, RETRYABLE.has(code), code.slice(0, 32));
  }

  private failure(err: unknown): ProviderError {
    const e = err as { statusCode?: number; code?: string; message: string; data?: { Code?: string; Message?: string } };
    const code = e.data?.Code ?? e.code ?? (e.statusCode ? `http_${e.statusCode}` : 'network');
    const retryable = !e.statusCode || e.statusCode === 429 || e.statusCode >= 500 || RETRYABLE.has(code);
    return new ProviderError(`Aliyun: ${e.data?.Message ?? e.message}`, retryable, code.slice(0, 32));
  }
}
