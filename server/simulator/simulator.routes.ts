import { randomUUID } from 'node:crypto';
import { Router } from 'express';
import type { DataSource } from 'typeorm';
import { z } from 'zod';
import { requireRole } from '../auth/require-role';
import type { SessionStore } from '../auth/sessions';
import type { Config } from '../config';
import { receiveInbound, type InboundDeps } from '../conversations/receive-inbound';
import { Contact, Message } from '../db/entities';
import { HttpError } from '../http/errors';
import { parseBody, parseQuery } from '../http/validate';
import { boundedText } from '../http/query-schemas';
import { toE164 } from '../shared/phone';
import { MAX_BODY_LENGTH } from '../channels/sms-provider';
import { contactsIn } from '../db/repositories/contacts.repository';

const messagesQuery = z.object({ phone: boundedText(32) });
const sendSchema = z.object({ from: z.string().min(1), text: z.string().min(1, 'type a message').max(MAX_BODY_LENGTH) });

/**
 * The phone simulator's API: a customer's handset for the loopback provider. Texts sent here enter the same pipeline
 * as a real webhook (provider 'loopback'), so what the newcomer sees is what production does. It reads any contact's
 * thread and writes as any number, so it needs a signed-in agent or admin, and with a real provider it does not exist.
 */
export function simulatorRoutes(config: Config, ds: DataSource, deps: InboundDeps, sessions: SessionStore): Router {
  const router = Router();
  router.use((_req, _res, next) => {
    if (config.SMS_PROVIDER !== 'loopback') return next(new HttpError(404, 'simulator_disabled', 'The phone simulator only runs with SMS_PROVIDER=loopback'));
    next();
  });
  router.use(requireRole(sessions));

  router.get('/phones', async (_req, res) => {
    const contacts = await ds.manager.find(Contact, { order: { id: 'ASC' }, take: 50 });
    res.json({ items: contacts.map((c) => ({ phone: c.phone, name: c.name })) });
  });

  router.get('/messages', async (req, res) => {
    const phone = toE164(parseQuery(messagesQuery, req).phone, config.DEFAULT_REGION);
    if (!phone) throw new HttpError(400, 'invalid_field', 'phone is not a phone number', 'phone');
    const contact = await contactsIn(ds.manager).findByPhone(phone);
    const messages = contact ? await ds.manager.find(Message, { where: { contactId: contact.id }, order: { id: 'ASC' }, take: 500 }) : [];
    res.json({ items: messages.map((m) => ({ id: m.id, direction: m.direction, body: m.body, status: m.status, createdAt: m.createdAt.toISOString() })) });
  });

  router.post('/messages', async (req, res) => {
    const { from, text } = parseBody(sendSchema, req);
    const phone = toE164(from, config.DEFAULT_REGION);
    if (!phone) throw new HttpError(400, 'invalid_field', 'from is not a phone number', 'from');
    const result = await receiveInbound(deps, { provider: 'loopback', providerMessageId: `sim-${randomUUID()}`, from: phone, to: 'huixin', body: text, media: [] });
    res.json({ ok: true, messageId: result.messageId });
  });
  return router;
}
