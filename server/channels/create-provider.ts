import type { Config } from '../config';
import { LoopbackProvider } from './loopback.channel';
import type { SmsProvider } from './sms-provider';
import { TwilioProvider } from './twilio.channel';
import { newAliyunProvider, newTencentProvider } from './carrier-providers';

export function createProvider(config: Config): SmsProvider {
  if (config.SMS_PROVIDER === 'twilio') {
    return new TwilioProvider({
      accountSid: config.TWILIO_ACCOUNT_SID!, authToken: config.TWILIO_AUTH_TOKEN!, from: config.TWILIO_FROM!,
      apiBase: config.TWILIO_API_BASE,
      statusCallbackUrl: config.PUBLIC_URL ? `${config.PUBLIC_URL.replace(/\/$/, '')}/webhooks/twilio/status` : undefined,
    });
  }
  if (config.SMS_PROVIDER === 'aliyun') {
    return newAliyunProvider({
      accessKeyId: config.ALIYUN_ACCESS_KEY_ID!, accessKeySecret: config.ALIYUN_ACCESS_KEY_SECRET!, signName: config.ALIYUN_SIGN_NAME!,
      endpoint: config.ALIYUN_SMS_ENDPOINT, templates: config.ALIYUN_TEMPLATES,
    });
  }
  if (config.SMS_PROVIDER === 'tencent') {
    return newTencentProvider({
      secretId: config.TENCENT_SECRET_ID!, secretKey: config.TENCENT_SECRET_KEY!, sdkAppId: config.TENCENT_SMS_SDK_APP_ID!,
      signName: config.TENCENT_SIGN_NAME!, endpoint: config.TENCENT_SMS_ENDPOINT, region: config.TENCENT_SMS_REGION, templates: config.TENCENT_TEMPLATES,
    });
  }
  return new LoopbackProvider();
}
