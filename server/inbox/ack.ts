import { DATABASE_UNAVAILABLE, isDatabaseUnavailable } from '../db/database-unavailable';
import { errorBody, HttpError } from '../http/errors';
import type { Logger } from '../shared/logger';
import type { Ack } from './socket-contract';

/** Runs a socket command and answers its ack the way REST would answer: data, or the error's code and message. */
export async function answer<T>(ack: ((result: Ack<T>) => void) | undefined, log: Logger, run: () => Promise<T>): Promise<void> {
  try {
    const data = await run();
    ack?.({ ok: true, data });
  } catch (err) {
    if (err instanceof HttpError) return ack?.({ ok: false, error: errorBody(err) });
    if (isDatabaseUnavailable(err)) {
      log.warn({ err }, 'inbox socket command failed: database unavailable');
      return ack?.({ ok: false, error: { code: DATABASE_UNAVAILABLE.code, message: DATABASE_UNAVAILABLE.message } });
    }
    log.error({ err }, 'inbox socket command failed');
    ack?.({ ok: false, error: { code: 'internal', message: 'Something went wrong on our side' } });
  }
}
