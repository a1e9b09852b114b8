import type { Config } from '../config';
import { LoopbackProvider } from './loopback.channel';
import type { SmsProvider } from './sms-provider';
import { TwilioProvider } from './twilio.channel';

export function createProvider(config: Config): SmsProvider {
  if (config.SMS_PROVIDER === 'twilio') {
    return new TwilioProvider({
      accountSid: config.TWILIO_ACCOUNT_SID!, authToken: config.TWILIO_AUTH_TOKEN!, from: config.TWILIO_FROM!,
      apiBase: config.TWILIO_API_BASE,
      statusCallbackUrl: config.PUBLIC_URL ? `${config.PUBLIC_URL.replace(/\/$/, '')}/webhooks/twilio/status` : undefined,
    });
  }
  return new LoopbackProvider();
}
