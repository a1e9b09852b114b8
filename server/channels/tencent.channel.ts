import * as tencentSms from 'tencentcloud-sdk-nodejs-sms';
import { callContext, contextNames, planCalls } from './batch-calls';
import { orderedParams, resolveTemplate, type TemplateMapping } from './provider-templates';
import { ProviderError, type OutboundSms, type SendResult, type SmsProvider } from './sms-provider';

export interface TencentSettings {
  secretId: string; secretKey: string; sdkAppId: string; signName: string; endpoint: string; region: string; templates: TemplateMapping;
}

const SmsClient = tencentSms.sms.v20210111.Client;

/**
 * Tencent codes worth trying again: its own faults, request rate limits and the per-number 30-second limit. The
 * per-number hour/day limits, bad numbers, templates, signatures and money need a person (or another day).
 */
const RETRYABLE = [/^InternalError/, /^RequestLimitExceeded/, /^LimitExceeded\.PhoneNumberThirtySecondLimit$/, /^ResourceUnavailable/];
const isRetryable = (code: string) => RETRYABLE.some((re) => re.test(code));

/** SessionContext is "< 512 bytes"; a batch's context is ASCII. */
const MAX_SESSION_CONTEXT = 500;
/** PullSmsSendStatusByPhoneNumber: at most 100 records, the last 7 days. */
const PULL_LIMIT = 100;
const PULL_DAYS = 7;

type SendStatus = { SerialNo?: string; PhoneNumber?: string; Code?: string; Message?: string };

/** Tencent Cloud SMS (API 2021-01-11) through its official SDK; TENCENT_SMS_ENDPOINT points tests at a local fake. */
export class TencentProvider implements SmsProvider {
  readonly name = 'tencent';
  private readonly client: InstanceType<typeof SmsClient>;

  constructor(private readonly settings: TencentSettings) {
    const url = new URL(settings.endpoint);
    this.client = new SmsClient({
      credential: { secretId: settings.secretId, secretKey: settings.secretKey }, region: settings.region,
      profile: { httpProfile: { endpoint: url.host, protocol: `${url.protocol}//`, reqTimeout: 15 } },
    });
  }

  readonly maxBatch = 200;

  async send(sms: OutboundSms): Promise<SendResult> {
    const [result] = await this.sendCall([sms]);
    if (result instanceof ProviderError) throw result;
    return result;
  }

  /** SendSms takes many numbers but one TemplateId and one TemplateParamSet: messages share a call only when both match. */
  batchKey(sms: OutboundSms): string | null {
    try {
      const template = resolveTemplate(this.settings.templates, sms);
      // One call carries one ExtendCode: a campaign's texts share a call only with texts on the same code.
      return JSON.stringify([template.code, orderedParams(template.params), sms.extendCode ?? '']);
    } catch { return null; }
  }

  /**
   * SendSms over up to 200 numbers: Tencent answers a status (SerialNo, Code) per number, so each message gets its
   * own SerialNo, or its own ProviderError when only its number failed. Messages of another template or parameters,
   * or a number repeated, go in calls of their own. A batch that goes out as one call and fails as a whole throws;
   * split into several, each call's failure is its messages' entry.
   */
  async sendBatch(batch: OutboundSms[]): Promise<Array<SendResult | ProviderError>> {
    const results: Array<SendResult | ProviderError | undefined> = new Array(batch.length);
    const byKey = new Map<string, number[]>();
    batch.forEach((sms, at) => {
      const key = this.batchKey(sms) ?? `unmapped:${at}`;   // resolveTemplate fails it again, for this message alone
      byKey.set(key, [...(byKey.get(key) ?? []), at]);
    });
    const calls = [...byKey.values()].flatMap((group) =>
      planCalls(group.map((at) => batch[at]), this.maxBatch, MAX_SESSION_CONTEXT).map((call) => call.map((i) => group[i])));
    for (const call of calls) {
      try {
        const answers = await this.sendCall(call.map((at) => batch[at]));
        call.forEach((at, i) => { results[at] = answers[i]; });
      } catch (err) {
        if (!(err instanceof ProviderError) || calls.length === 1) throw err;
        for (const at of call) results[at] = err;
      }
    }
    return results as Array<SendResult | ProviderError>;
  }

  /**
   * One SendSms for messages sharing a template and its parameters, each number once. Throws what fails the call;
   * answers per message its SerialNo or the ProviderError of its number's Code.
   */
  private async sendCall(messages: OutboundSms[]): Promise<Array<SendResult | ProviderError>> {
    const template = resolveTemplate(this.settings.templates, messages[0]);
    let statusSet: SendStatus[] | undefined;
    try {
      ({ SendStatusSet: statusSet } = await this.client.SendSms({
        PhoneNumberSet: messages.map((m) => m.to), SmsSdkAppId: this.settings.sdkAppId, SignName: this.settings.signName,
        TemplateId: template.code, TemplateParamSet: orderedParams(template.params),
        // Echoed back as the status report's `ext`: a report finds a message sent alone even if our SerialNo write
        // never landed; after a crash it tells which messages a call carried.
        SessionContext: callContext(messages.map((m) => m.messageId)),
        ...(messages[0].extendCode ? { ExtendCode: messages[0].extendCode } : {}),
      }));
    } catch (err) {
      throw this.failure(err);
    }
    // Tencent answers one status per number, in the order given; the number says which when the order is not kept.
    return messages.map((m, i) => {
      const status = statusSet?.find((s) => s.PhoneNumber === m.to) ?? statusSet?.[i];
      if (status?.Code === 'Ok' && status.SerialNo) return { providerMessageId: status.SerialNo };
      const code = status?.Code ?? 'unknown';
      // errorCode holds 32 characters and Tencent's codes run longer: the message keeps the whole code.
      return new ProviderError(`Tencent ${code}: ${status?.Message ?? 'SendSms answered no status'}`, isRetryable(code), code.slice(0, 32));
    });
  }

  /**
   * After a crash: the sends to this number since the claim (PullSmsSendStatusByPhoneNumber), one whose
   * SessionContext names this message (alone or among a batch's) being it, with its SerialNo. The SessionContext is
   * echoed only where Tencent has enabled it for the account; without it nothing is found and the message is sent.
   */
  async findSent(sms: OutboundSms, since: Date): Promise<string | null> {
    const now = Math.floor(Date.now() / 1000);
    const beginTime = Math.max(Math.floor(since.getTime() / 1000) - 60, now - PULL_DAYS * 86_400 + 60);
    let set;
    try {
      ({ PullSmsSendStatusSet: set } = await this.client.PullSmsSendStatusByPhoneNumber({
        BeginTime: beginTime, EndTime: now, Offset: 0, Limit: PULL_LIMIT, PhoneNumber: sms.to, SmsSdkAppId: this.settings.sdkAppId,
      }));
    } catch (err) {
      throw this.failure(err);
    }
    return set?.find((s) => s.SerialNo && contextNames(s.SessionContext, sms.messageId))?.SerialNo ?? null;
  }

  private failure(err: unknown): ProviderError {
    const e = err as { code?: string; message: string };
    const code = e.code ?? 'network';
    return new ProviderError(`Tencent ${code}: ${e.message}`, !e.code || isRetryable(code), code.slice(0, 32));
  }
}
