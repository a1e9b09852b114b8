import type { ProviderGuide, ProviderOption } from './setup-contract';

/** Real providers in this build. */
const REAL_PROVIDERS: ProviderOption[] = [
  { provider: 'twilio', variables: ['SMS_PROVIDER=twilio', 'TWILIO_ACCOUNT_SID', 'TWILIO_AUTH_TOKEN', 'TWILIO_FROM', 'PUBLIC_URL'] },
  {
    provider: 'aliyun',
    variables: ['SMS_PROVIDER=aliyun', 'ALIYUN_ACCESS_KEY_ID', 'ALIYUN_ACCESS_KEY_SECRET', 'ALIYUN_SIGN_NAME', 'ALIYUN_TEMPLATES', 'ALIYUN_CALLBACK_SECRET', 'ALIYUN_CALLBACK_IPS'],
  },
  {
    provider: 'tencent',
    variables: ['SMS_PROVIDER=tencent', 'TENCENT_SECRET_ID', 'TENCENT_SECRET_KEY', 'TENCENT_SMS_SDK_APP_ID', 'TENCENT_SIGN_NAME', 'TENCENT_TEMPLATES', 'TENCENT_CALLBACK_SECRET', 'TENCENT_CALLBACK_IPS'],
  },
];

/**
 * Which SMS provider runs, and how an operator switches to a real one. Providers are configured in the server's
 * environment (server/config.ts), never in the browser, so this names variables and holds no values.
 */
export function providerGuide(running: string): ProviderGuide {
  return { name: running, live: running !== 'loopback', how: REAL_PROVIDERS };
}
