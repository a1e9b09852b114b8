import { z } from 'zod';
import type { SetupState } from '../setup/setup-contract';
import { nullableInstant, type SameShape } from './common-schemas';

/** The first-run checklist (server/setup/setup-state.ts), as server/setup/setup-contract.ts types it. */
export const setupState = z.object({
  needed: z.boolean().describe('Whether an admin should be sent to the setup: not finished, and no active service yet'),
  completedAt: nullableInstant,
  steps: z.object({ business: z.boolean(), hours: z.boolean(), service: z.boolean(), team: z.boolean(), provider: z.boolean() })
    .describe('Each step done or not, read from the data itself'),
  provider: z.object({
    name: z.string(), live: z.boolean().describe('False for loopback, which reaches only the phone simulator'),
    how: z.array(z.object({ provider: z.string(), variables: z.array(z.string()).describe('SMS_PROVIDER=… first, then its credentials') })),
  }),
}).meta({ id: 'SetupState' });
true satisfies SameShape<typeof setupState, SetupState>;
