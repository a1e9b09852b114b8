import { z } from 'zod';
import { providerFactories } from './channel-registry';

// Bodies of the channel routes, parsed once at the edge.

const plain = (max: number) => z.string().trim().min(1).max(max).regex(/^[^\p{Cc}]*$/u, 'must not contain control characters');
const provider = z.string().refine((p) => Object.hasOwn(providerFactories, p), 'must be a provider this server knows');
const options = z.record(z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,39}$/, 'must be an option name'), z.string().max(500))
  .refine((o) => Object.keys(o).length <= 20, 'at most 20 options');
/** Millionths are what is stored (channels.price_micros), so a price has at most six decimals. */
const pricePerSegment = z.number().min(0).max(100).refine((p) => Math.abs(p * 1_000_000 - Math.round(p * 1_000_000)) < 1e-6, 'must have at most 6 decimals');
const carries = z.array(z.enum(['transactional', 'marketing'])).min(1, 'a channel carries at least one kind of message')
  .transform((c) => [...new Set(c)]);

export const createChannelBody = z.strictObject({
  name: plain(60),
  provider,
  /** A number, short code, Twilio Messaging Service SID (MG…) or signature. */
  sender: plain(64),
  ratePerSecond: z.number().int().min(1).max(10_000).nullable().default(null),
  carries: carries.default(['transactional']),
  config: options.default({}),
  /** Write-only: stored encrypted, never returned. An empty value removes that secret. */
  secrets: options.optional(),
  active: z.boolean().default(true),
  /** What one billed SMS part costs here, in the business's currency (the reports' cost); null: the campaign settings' price. */
  pricePerSegment: pricePerSegment.nullable().default(null),
});

export const patchChannelBody = z.strictObject({
  name: plain(60).optional(),
  sender: plain(64).optional(),
  ratePerSecond: z.number().int().min(1).max(10_000).nullable().optional(),
  carries: carries.optional(),
  config: options.optional(),
  secrets: options.optional(),
  active: z.boolean().optional(),
  pricePerSegment: pricePerSegment.nullable().optional(),
});
