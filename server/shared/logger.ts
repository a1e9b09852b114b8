import pino, { type Logger } from 'pino';

export type { Logger };

// Phone numbers are personal data: logs keep the first three and last four digits only (138****8000).
// Any run of 7–15 digits (optionally +) is treated as a phone: the four digits before the last four are hidden.
const PHONE_PATTERN = /(?<!\d)(\+?\d{3,11})(\d{4})(\d{4})(?!\d)|(?<!\d)(\+?\d{3})(\d{4})(?!\d)/g;

export function maskPhones(text: string): string {
  return text.replace(PHONE_PATTERN, (m, head?: string, _mid?: string, tail?: string, shortHead?: string) =>
    head !== undefined ? `${head}****${tail}` : `${shortHead}****`);
}

function maskDeep(value: unknown): unknown {
  if (typeof value === 'string') return maskPhones(value);
  if (Array.isArray(value)) return value.map(maskDeep);
  if (value && typeof value === 'object' && !(value instanceof Error)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskDeep(v)]));
  }
  return value;
}

/** A pino logger whose every string field and message has phone numbers masked. */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino({
    level,
    hooks: {
      logMethod(args, method) {
        const masked = args.map((a) => maskDeep(a)) as Parameters<typeof method>;
        return method.apply(this, masked);
      },
    },
  }, destination ?? pino.destination(1));
}
