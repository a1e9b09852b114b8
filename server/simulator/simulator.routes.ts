import { randomUUID } from 'node:crypto';
import express, { Router } from 'express';
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
import { MAX_BODY_LENGTH, type InboundMedia } from '../channels/sms-provider';
import { MAX_UPLOAD_BYTES, SAMPLE_PICTURES, UPLOAD_TYPES, type LoopbackMedia, type SamplePicture } from '../channels/loopback-media';
import { toMediaViews } from '../conversations/stored-media';
import { contactsIn } from '../db/repositories/contacts.repository';

export const messagesQuery = z.object({ phone: boundedText(32) });
/** A sample's name or the id of an upload (POST /pictures). */
const pictureRef = z.union([z.enum(SAMPLE_PICTURES), z.uuid()]);
export const sendSchema = z.object({
  from: z.string().min(1), text: z.string().max(MAX_BODY_LENGTH).default(''), pictures: z.array(pictureRef).max(3).default([]),
}).superRefine((v, ctx) => {
  if (!v.text && !v.pictures.length) ctx.addIssue({ code: 'custom', message: 'type a message or attach a picture', path: ['text'] });
});

/** PNG and JPEG by their first bytes: the Content-Type header alone is the sender's word. */
const looksLike = (type: (typeof UPLOAD_TYPES)[number], bytes: Buffer) =>
  type === 'image/png' ? bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) : bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;

/**
 * The phone simulator's API: a customer's handset for the loopback provider. Texts sent here enter the same pipeline
 * as a real webhook (provider 'loopback'), so what the newcomer sees is what production does. It reads any contact's
 * thread and writes as any number, so it needs a signed-in agent or admin, and with a real provider it does not exist.
 */
export function simulatorRoutes(config: Config, ds: DataSource, deps: InboundDeps, sessions: SessionStore, pictures: LoopbackMedia | null): Router {
  const router = Router();
  if (config.SMS_PROVIDER !== 'loopback' || !pictures) {
    router.use((_req, _res, next) => next(new HttpError(404, 'simulator_disabled', 'The phone simulator only runs with SMS_PROVIDER=loopback')));
    return router;
  }
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
    res.json({ items: messages.map((m) => ({ id: m.id, direction: m.direction, body: m.body, status: m.status, createdAt: m.createdAt.toISOString(), media: toMediaViews(m.media) })) });
  });

  router.post('/messages', async (req, res) => {
    const { from, text, pictures: chosen } = parseBody(sendSchema, req);
    const phone = toE164(from, config.DEFAULT_REGION);
    if (!phone) throw new HttpError(400, 'invalid_field', 'from is not a phone number', 'from');
    // Stored as URLs, like a carrier's: the inbox fetches them back through the provider, exactly as with Twilio.
    const media = chosen.map((ref, i): InboundMedia => {
      if ((SAMPLE_PICTURES as readonly string[]).includes(ref)) return { url: pictures.sampleUrl(ref as SamplePicture), contentType: 'image/png' };
      const upload = pictures.upload(ref);
      if (!upload) throw new HttpError(400, 'invalid_field', `pictures.${i}: no such upload (uploads are kept in memory until a restart)`, `pictures.${i}`);
      return upload;
    });
    const result = await receiveInbound(deps, { provider: 'loopback', providerMessageId: `sim-${randomUUID()}`, from: phone, to: 'huixin', body: text, media });
    res.json({ ok: true, messageId: result.messageId });
  });

  /** A picture of the customer's own (PNG or JPEG, at most 2 MB), kept until sent with a text. */
  router.post('/pictures', express.raw({ type: [...UPLOAD_TYPES], limit: MAX_UPLOAD_BYTES }), (req, res) => {
    const type = UPLOAD_TYPES.find((t) => req.is(t));
    if (!type || !Buffer.isBuffer(req.body)) throw new HttpError(415, 'unsupported_media_type', 'Send the picture as image/png or image/jpeg');
    if (!looksLike(type, req.body)) throw new HttpError(415, 'unsupported_media_type', `The body is not a ${type} picture`);
    res.status(201).json({ picture: pictures.keepUpload(type, req.body) });
  });
  return router;
}
