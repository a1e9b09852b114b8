import type { ProviderGuide, ProviderOption } from './setup-contract';

/** Real providers in this build; issue 15's Aliyun and Tencent gateways add their rows here. */
const REAL_PROVIDERS: ProviderOption[] = [
  { provider: 'twilio', variables: ['SMS_PROVIDER=twilio', 'TWILIO_ACCOUNT_SID', 'TWILIO_AUTH_TOKEN', 'TWILIO_FROM', 'PUBLIC_URL'] },
];

/**
 * Which SMS provider runs, and how an operator switches to a real one. Providers are configured in the server's
 * environment (server/config.ts), never in the browser, so this names variables and holds no values.
 */
export function providerGuide(running: string): ProviderGuide {
  return { name: running, live: running !== 'loopback', how: REAL_PROVIDERS };
}
