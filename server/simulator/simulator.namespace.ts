import type { Server } from 'socket.io';
import { z } from 'zod';
import { agentOfHandshake } from '../auth/handshake-auth';
import type { SessionStore } from '../auth/sessions';
import type { Config } from '../config';
import type { MessageView } from '../conversations/views';
import type { EventBus } from '../events/event-bus';
import { toE164 } from '../shared/phone';

/** The start of a simulated phone's room's name (socket-server.ts skips their broadcasts when no simulator shows it). */
export const PHONE_ROOM_PREFIX = 'phone:';
const room = (phone: string) => `${PHONE_ROOM_PREFIX}${phone}`;
const watchCommand = z.object({ phone: z.string().max(32) });

/**
 * Live updates for the simulator: one room per phone number, for signed-in agents and admins (any thread can be
 * watched here), and only with the loopback provider: otherwise the namespace does not exist.
 */
export function attachSimulatorNamespace(io: Server, bus: EventBus, config: Config, sessions: SessionStore): () => void {
  if (config.SMS_PROVIDER !== 'loopback') return () => {};
  const nsp = io.of('/simulator');
  nsp.use(async (socket, next) => next((await agentOfHandshake(sessions, socket.handshake)) ? undefined : new Error('unauthenticated')));
  nsp.on('connection', (socket) => {
    // A throw here would happen inside socket.io's nextTick and end the process: the payload is parsed, never coerced,
    // and the ack is whatever function came last (none at all is fine).
    socket.on('phone:watch', (...args: unknown[]) => {
      const ack = typeof args.at(-1) === 'function' ? args.pop() as (r: unknown) => void : () => {};
      const parsed = watchCommand.safeParse(args[0]);
      const phone = parsed.success ? toE164(parsed.data.phone, config.DEFAULT_REGION) : null;
      if (!phone) return ack({ ok: false, error: { code: 'invalid_field', message: 'phone is not a phone number', field: 'phone' } });
      for (const r of socket.rooms) if (r.startsWith('phone:')) void socket.leave(r);
      // Acknowledged once joined (with Redis: once every node knows the phone is watched), as the page loads the
      // thread after the acknowledgement: a text is in what it loads or reaches it live.
      void Promise.resolve(socket.join(room(phone))).then(() => ack({ ok: true, phone }));
    });
  });
  const toSms = (m: MessageView) => ({ id: m.id, phone: m.phone, direction: m.direction, body: m.body, status: m.status, createdAt: m.createdAt, media: m.media });
  const offCreated = bus.on('message:created', (m) => nsp.to(room(m.phone)).emit('sms:created', toSms(m)));
  const offUpdated = bus.on('message:updated', (m) => nsp.to(room(m.phone)).emit('sms:updated', { id: m.id, phone: m.phone, status: m.status }));
  return () => { offCreated(); offUpdated(); };
}
