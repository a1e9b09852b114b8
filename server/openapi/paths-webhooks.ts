import { z } from 'zod';
import { group, json } from './operation';

/**
 * Providers' callbacks. Their bodies are the providers' own formats, checked field by field in
 * server/channels/inbound-validation.ts rather than by one zod object, so the shapes below are written for this
 * document. Each is authenticated by its provider's mechanism, named in its headers and description.
 */

const twilioSignature = z.object({
  'x-twilio-signature': z.string().describe("HMAC-SHA1 of PUBLIC_URL + path + sorted form fields with the channel's auth token (checked when TWILIO_AUTH_TOKEN is set)"),
});
const genericSecret = z.object({ 'x-huixin-secret': z.string().optional().describe('Must equal GENERIC_WEBHOOK_SECRET when it is set') });
const secretPath = (provider: string) =>
  `When ${provider.toUpperCase()}_CALLBACK_SECRET (or a channel's secret) is set, served only under /webhooks/${provider}/{secret}/…, and callers' addresses may be limited to the provider's.`;

const twilioInbound = z.looseObject({ MessageSid: z.string(), From: z.string(), To: z.string(), Body: z.string(), NumMedia: z.string().optional() });
const twilioStatus = z.looseObject({ MessageSid: z.string(), MessageStatus: z.string(), ErrorCode: z.string().optional() });
const aliyunAck = z.object({ code: z.number(), msg: z.string() }).describe("Aliyun's expected acknowledgement");
const tencentAck = z.object({ result: z.number(), errmsg: z.string() }).describe("Tencent's expected acknowledgement");

export const webhookPaths = group('Webhooks', 'webhook', [
  {
    method: 'post', path: '/webhooks/twilio', summary: 'Inbound SMS from Twilio', headers: twilioSignature, body: twilioInbound, bodyType: 'application/x-www-form-urlencoded',
    ok: { description: 'TwiML (empty: replies are sent through the outbox)', contentType: 'text/xml' },
  },
  {
    method: 'post', path: '/webhooks/twilio/status', summary: "Twilio's delivery status callback", headers: twilioSignature, body: twilioStatus, bodyType: 'application/x-www-form-urlencoded',
    query: z.object({ m: z.string().regex(/^[1-9]\d{0,15}$/).optional().describe("Huixin's id for the text, put in the StatusCallback URL of each send: finds a receipt that arrives before the sender has stored Twilio's sid") }),
    ok: { status: 204, description: 'Recorded' },
  },
  {
    method: 'post', path: '/webhooks/generic', summary: 'Inbound SMS from any gateway', headers: genericSecret,
    body: z.object({ id: z.union([z.string(), z.number()]), from: z.string(), to: z.union([z.string(), z.number()]).optional(), text: z.string() }),
    ok: json(z.object({ ok: z.literal(true), messageId: z.number(), duplicate: z.boolean() })),
  },
  {
    method: 'post', path: '/webhooks/aliyun/sms-up', summary: 'Inbound SMS pushed by Aliyun (a batch)', description: secretPath('aliyun'),
    body: z.array(z.looseObject({ phone_number: z.string(), content: z.string(), sequence_id: z.union([z.string(), z.number()]) })), ok: json(aliyunAck),
  },
  {
    method: 'post', path: '/webhooks/aliyun/sms-report', summary: "Aliyun's delivery reports (a batch)", description: secretPath('aliyun'),
    body: z.array(z.looseObject({ biz_id: z.string().optional(), success: z.boolean().optional(), err_code: z.string().optional() })), ok: json(aliyunAck),
  },
  {
    method: 'post', path: '/webhooks/tencent/reply', summary: 'Inbound SMS pushed by Tencent Cloud', description: secretPath('tencent'),
    body: z.looseObject({ mobile: z.string(), nationcode: z.string().optional(), text: z.string(), time: z.number().optional() }), ok: json(tencentAck),
  },
  {
    method: 'post', path: '/webhooks/tencent/status', summary: "Tencent Cloud's delivery reports (a batch)", description: secretPath('tencent'),
    body: z.array(z.looseObject({ sid: z.string(), report_status: z.string() })), ok: json(tencentAck),
  },
]);
