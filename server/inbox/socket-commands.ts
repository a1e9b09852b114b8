import type { Socket } from 'socket.io';
import type { ZodType } from 'zod';
import { parseInput } from '../http/validate';
import type { Logger } from '../shared/logger';
import { answer } from './ack';
import type { Ack } from './socket-contract';

/**
 * Registers one socket command: its payload is parsed with `schema` before `run` sees it, and a payload that does not
 * fit is answered like a REST 400 (`invalid_field` naming the field). The ack is whatever function came last, so a
 * client that forgot the payload still hears why, and a command sent without an ack (or with a value where the ack
 * belongs) runs without anyone to answer rather than throwing.
 */
export function onCommand<T, R>(socket: Socket, event: string, schema: ZodType<T>, log: Logger, run: (command: T) => Promise<R> | R): void {
  socket.on(event, (...args: unknown[]) => {
    const ack = typeof args[args.length - 1] === 'function' ? args.pop() as (result: Ack<R>) => void : undefined;
    void answer(ack, log, async () => run(parseInput(schema, args[0])));
  });
}
