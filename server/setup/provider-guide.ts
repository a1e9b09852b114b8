/**
 * Which SMS provider runs, and how an operator switches to a real one. Providers are configured in the server's
 * environment (server/config.ts), never in the browser, so this names variables and holds no values.
 */
export interface ProviderOption {
  provider: string;
  /** The environment variables to set, `SMS_PROVIDER=…` first; the rest are the provider's credentials. */
  variables: string[];
}

export interface ProviderGuide {
  name: string;
  /** False for loopback, which reaches only the built-in phone simulator. */
  live: boolean;
  /** The real providers this build can use and the variables that turn each on. */
  how: ProviderOption[];
}

/** Real providers in this build; issue 15's Aliyun and Tencent gateways add their rows here. */
const REAL_PROVIDERS: ProviderOption[] = [
  { provider: 'twilio', variables: ['SMS_PROVIDER=twilio', 'TWILIO_ACCOUNT_SID', 'TWILIO_AUTH_TOKEN', 'TWILIO_FROM', 'PUBLIC_URL'] },
];

export function providerGuide(running: string): ProviderGuide {
  return { name: running, live: running !== 'loopback', how: REAL_PROVIDERS };
}
