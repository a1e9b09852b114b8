import type { StartOptions } from '../../server/huixin';
import { FakeAliyun } from './fake-aliyun';
import { FakeTencent } from './fake-tencent';
import { startTestHuixin, type TestHuixin } from './test-server';

// A Huixin whose environment's channel is Aliyun or Tencent (template-only, signed 【回信诊所】), as the channel and
// campaign suites start it: the tests' credentials, the endpoint of a fake of that provider, and the mapping given.

/** Aliyun as the environment's provider, sending to `endpoint` (a FakeAliyun, or a port where nothing listens). */
export const aliyunEnv = (endpoint: string, extra: Record<string, string> = {}): Record<string, string> => ({
  SMS_PROVIDER: 'aliyun', ALIYUN_ACCESS_KEY_ID: 'LTAI-test', ALIYUN_ACCESS_KEY_SECRET: 'test-secret', ALIYUN_SIGN_NAME: '回信诊所',
  ALIYUN_SMS_ENDPOINT: endpoint, ...extra,
});

/** Tencent as the environment's provider, sending to `endpoint` (a FakeTencent, or a port where nothing listens). */
export const tencentEnv = (endpoint: string, extra: Record<string, string> = {}): Record<string, string> => ({
  SMS_PROVIDER: 'tencent', TENCENT_SECRET_ID: 'AKID-test', TENCENT_SECRET_KEY: 'test-key', TENCENT_SMS_SDK_APP_ID: '1400006666',
  TENCENT_SIGN_NAME: '回信诊所', TENCENT_SMS_ENDPOINT: endpoint, ...extra,
});

/** What Aliyun's push must be answered with (anything else is pushed again), and Tencent's callbacks. */
export const ALIYUN_RECEIVED = '{"code":0,"msg":"接收成功"}';
export const TENCENT_OK = '{"result":0,"errmsg":"OK"}';

/** The Aliyun mapping the channel suites send through: the hand-off acknowledgement, and free text as agent_reply. */
export const ALIYUN_TEMPLATES = JSON.stringify({
  handoff_ack: { code: 'SMS_100001', params: { shop: 'business.name' } },
  agent_reply: { code: 'SMS_100002', params: { content: 'body' } },
});

interface Fakes { aliyun: FakeAliyun; tencent: FakeTencent }

export interface CnChannelOptions {
  /** ALIYUN_TEMPLATES / TENCENT_TEMPLATES as JSON; none: the provider has no mapping of its own. */
  templates?: string;
  /** Further settings (a callback secret, OUTBOX_POLL_MS …), over the provider's. */
  env?: Record<string, string>;
  start?: StartOptions;
}

/** The fake provider, started, and a Huixin sending to it; the caller stops both (hx.close(), fake.stop()). */
export async function startCnChannelHuixin<P extends keyof Fakes>(provider: P, opts: CnChannelOptions = {}): Promise<{ hx: TestHuixin; fake: Fakes[P] }> {
  const fake = (provider === 'aliyun' ? await new FakeAliyun().start() : await new FakeTencent().start()) as Fakes[P];
  const templates: Record<string, string> = opts.templates ? { [provider === 'aliyun' ? 'ALIYUN_TEMPLATES' : 'TENCENT_TEMPLATES']: opts.templates } : {};
  const env = (provider === 'aliyun' ? aliyunEnv : tencentEnv)(fake.url, { ...templates, ...opts.env });
  try {
    return { hx: await startTestHuixin(env, opts.start), fake };
  } catch (err) {
    await fake.stop();
    throw err;
  }
}
