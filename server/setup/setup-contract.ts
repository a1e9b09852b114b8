/** The first-run setup's answer, shared with inbox-ui (plain types, no imports, so the UI can read them). */

export interface ProviderOption {
  provider: string;
  /** The environment variables to set, `SMS_PROVIDER=…` first, then its credentials and anything else it needs. */
  variables: string[];
}

export interface ProviderGuide {
  name: string;
  /** False for loopback, which reaches only the built-in phone simulator. */
  live: boolean;
  /** The real providers this build can use and the variables that turn each on. */
  how: ProviderOption[];
}

export interface SetupSteps { business: boolean; hours: boolean; service: boolean; team: boolean; provider: boolean }

export interface SetupState {
  /** Whether an admin should be sent to /setup: not finished, and the business has no active service yet. */
  needed: boolean;
  completedAt: string | null;
  /** Each step's done flag, read from the data itself, so work done on the admin pages counts too. */
  steps: SetupSteps;
  provider: ProviderGuide;
}
