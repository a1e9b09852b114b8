import type { Server } from 'socket.io';
import { agentOfHandshake } from '../auth/handshake-auth';
import type { SessionStore } from '../auth/sessions';
import type { Config } from '../config';
import type { MessageView } from '../conversations/views';
import type { EventBus } from '../events/event-bus';
import { toE164 } from '../shared/phone';

const room = (phone: string) => `phone:${phone}`;

/**
 * Live updates for the simulator: one room per phone number, for signed-in agents and admins (any thread can be
 * watched here), and only with the loopback provider: otherwise the namespace does not exist.
 */
export function attachSimulatorNamespace(io: Server, bus: EventBus, config: Config, sessions: SessionStore): () => void {
  if (config.SMS_PROVIDER !== 'loopback') return () => {};
  const nsp = io.of('/simulator');
  nsp.use(async (socket, next) => next((await agentOfHandshake(sessions, socket.handshake)) ? undefined : new Error('unauthenticated')));
  nsp.on('connection', (socket) => {
    socket.on('phone:watch', (payload: { phone?: string }, ack?: (r: unknown) => void) => {
      const phone = toE164(String(payload?.phone ?? ''), config.DEFAULT_REGION);
      if (!phone) return ack?.({ ok: false, error: { code: 'invalid_field', message: 'phone is not a phone number', field: 'phone' } });
      for (const r of socket.rooms) if (r.startsWith('phone:')) socket.leave(r);
      socket.join(room(phone));
      ack?.({ ok: true, phone });
    });
  });
  const toSms = (m: MessageView) => ({ id: m.id, phone: m.phone, direction: m.direction, body: m.body, status: m.status, createdAt: m.createdAt });
  const offCreated = bus.on('message:created', (m) => nsp.to(room(m.phone)).emit('sms:created', toSms(m)));
  const offUpdated = bus.on('message:updated', (m) => nsp.to(room(m.phone)).emit('sms:updated', { id: m.id, phone: m.phone, status: m.status }));
  return () => { offCreated(); offUpdated(); };
}
