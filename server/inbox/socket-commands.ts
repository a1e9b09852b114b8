import type { ZodType } from 'zod';
import { parseInput } from '../http/validate';
import type { Logger } from '../shared/logger';
import { answer } from './ack';
import type { Ack, ClientToServerEvents } from './socket-contract';
import type { InboxSocket } from './socket-server';

/** What a command's ack carries when it succeeds (nothing for `typing`, which has no ack). */
export type AckData<E extends keyof ClientToServerEvents> =
  Parameters<ClientToServerEvents[E]> extends [unknown, (result: Ack<infer T>) => void] ? T : void;

/**
 * Registers one socket command: its payload is parsed with `schema` before `run` sees it, and a payload that does not
 * fit is answered like a REST 400 (`invalid_field` naming the field). The ack is whatever function came last, so a
 * client that forgot the payload still hears why, and a command sent without an ack (or with a value where the ack
 * belongs) runs without anyone to answer rather than throwing. The listener takes `unknown`: the contract says what a
 * well-behaved client sends, not what arrives.
 */
export function onCommand<E extends keyof ClientToServerEvents, T>(socket: InboxSocket, event: E, schema: ZodType<T>, log: Logger,
  run: (command: T) => Promise<AckData<E>> | AckData<E>): void {
  const listener = (...args: unknown[]): void => {
    const ack = typeof args[args.length - 1] === 'function' ? args.pop() as (result: Ack<AckData<E>>) => void : undefined;
    void answer(ack, log, async () => run(parseInput(schema, args[0])));
  };
  // The one place untrusted arguments meet the contract's listener type: `listener` takes whatever arrives.
  socket.on(event, listener as Parameters<typeof socket.on<E>>[1]);
}
