import pino, { type Logger } from 'pino';

export type { Logger };

// Phone numbers are personal data: logs keep at most the first digits and the last four (138****8000).
// Any run of 7–19 digits (optionally +) is treated as a phone; E.164 numbers have 8–15, a prefix may add a few.
// Greedy, so a match always spans a whole run of digits.
const DIGIT_RUN = /\+?\d{7,}/g;
const LONGEST_PHONE = 19;

/**
 * Hides the four digits before the last four (with 8 or more digits) or the last four of a 7-digit number.
 * @example maskDigitRun('+8613800138000') // → '+86138****8000'
 * @example maskDigitRun('+4712345678')    // → '+47****5678'
 */
function maskDigitRun(run: string): string {
  const plus = run.startsWith('+') ? '+' : '';
  const digits = plus ? run.slice(1) : run;
  if (digits.length > LONGEST_PHONE) return run;   // an id or a hash, not a phone
  if (digits.length === 7) return `${plus}${digits.slice(0, 3)}****`;
  return `${plus}${digits.slice(0, -8)}****${digits.slice(-4)}`;
}

export function maskPhones(text: string): string {
  return text.replace(DIGIT_RUN, (run) => maskDigitRun(run));
}

const BACKSLASH = 92;
const QUOTE = 34;

/**
 * Masks phones in every string of one serialized log line, whatever put them there: the message, any field, a child
 * logger's bindings, an error's message, stack and cause, TypeORM's `parameters` and `query`, mysql2's `sql` with its
 * values inlined, a driverError nested inside. Masking the line instead of the objects cannot miss a key, and it is
 * one pass over what is written (nothing at all for a level that is off). Digits outside strings are JSON numbers
 * (time, pid, ids) and stay as they are, so the line stays valid JSON: Huixin keeps phones as E.164 strings.
 */
export function maskLogLine(line: string): string {
  let scanned = 0;
  let inString = false;
  return line.replace(DIGIT_RUN, (run: string, offset: number) => {
    // Walk up to this run, tracking whether we are inside a JSON string; an escaped character never toggles it.
    for (; scanned < offset; scanned++) {
      const c = line.charCodeAt(scanned);
      if (c === BACKSLASH) scanned++;
      else if (c === QUOTE) inString = !inString;
    }
    return inString ? maskDigitRun(run) : run;
  });
}

/**
 * A pino logger that never writes a full phone number. Errors are serialized under `err` and `error` alike (type,
 * message and stack with their causes, and their own fields), so a failure keeps what is needed to debug it.
 */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino({
    level,
    serializers: { err: pino.stdSerializers.err, error: pino.stdSerializers.err },
    hooks: { streamWrite: maskLogLine },
  }, destination ?? pino.destination(1));
}
