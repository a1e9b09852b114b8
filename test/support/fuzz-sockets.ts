import type { Socket } from 'socket.io-client';
import type { Rng } from './fuzz-random';
import type { KnownValues } from './fuzz-requests';
import { junkText, junkValue, PROTOTYPE_KEYS } from './fuzz-values';

/** The inbox's commands and the fields each reads (server/inbox/socket-contract.ts), plus the simulator's one. */
export const INBOX_COMMANDS: Record<string, Record<string, 'conversation' | 'agent' | 'body' | 'template' | 'bool'>> = {
  'message:send': { conversationId: 'conversation', body: 'body', template: 'template' },
  'conversation:assign': { conversationId: 'conversation', assigneeId: 'agent' },
  'conversation:resolve': { conversationId: 'conversation' },
  'conversation:view': { conversationId: 'conversation' },
  typing: { conversationId: 'conversation', typing: 'bool' },
};

/** How the command is sent: with an ack, without one, with a value where the ack belongs, or with no payload. */
export type AckMode = 'ack' | 'none' | 'not-a-function' | 'no-payload';

export interface FuzzCommand { event: string; payload: unknown; mode: AckMode }

export function fuzzCommand(rng: Rng, commands: Record<string, Record<string, string>>, known: KnownValues, agentIds: number[]): FuzzCommand {
  const unknownEvent = rng.chance(0.05);
  const event = unknownEvent ? rng.pick([...PROTOTYPE_KEYS, 'message:delete', junkText(rng)]) : rng.pick(Object.keys(commands));
  const fields = commands[event] ?? {};
  const plausible = (kind: string): unknown => {
    switch (kind) {
      case 'conversation': return rng.pick(known.ids);
      case 'agent': return rng.chance(0.2) ? null : rng.pick(agentIds);
      case 'body': return rng.pick(['您好', '稍等，我查一下', ' ', '']);
      case 'template': return rng.pick(known.templateKeys);
      case 'phone': return rng.pick(known.phones);
      default: return rng.chance(0.5);
    }
  };
  const payload = rng.chance(0.75)
    ? Object.fromEntries(Object.entries(fields).filter(() => rng.chance(0.85)).map(([k, kind]) => [k, rng.chance(0.65) ? plausible(kind) : junkValue(rng)]))
    : junkValue(rng);
  if (rng.chance(0.1) && payload && typeof payload === 'object') (payload as Record<string, unknown>)[rng.pick(PROTOTYPE_KEYS)] = junkValue(rng);
  // An event nobody listens to is never acknowledged: send those without an ack.
  const mode: AckMode = unknownEvent ? 'none' : rng.weighted([[6, 'ack'], [2, 'none'], [1, 'not-a-function'], [1, 'no-payload']] as const);
  return { event, payload, mode };
}

/** Sends one command; resolves with its ack, or with 'none' when no ack was asked for. */
export async function sendCommand(socket: Socket, cmd: FuzzCommand, timeoutMs = 3000): Promise<unknown> {
  switch (cmd.mode) {
    case 'ack': return socket.timeout(timeoutMs).emitWithAck(cmd.event, cmd.payload);
    case 'no-payload': return socket.timeout(timeoutMs).emitWithAck(cmd.event);
    case 'none': socket.emit(cmd.event, cmd.payload); return 'none';
    case 'not-a-function': socket.emit(cmd.event, cmd.payload, 'ack?'); return 'none';
  }
}
