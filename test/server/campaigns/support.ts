import { checkedRequest as request } from '../../support/openapi-check';
import { Appointment, CampaignRecipient, Contact, Conversation, Message } from '../../../server/db/entities';
import { ADMIN, startTestHuixin, type TestHuixin } from '../../support/test-server';

/** A test server for campaigns with its admin's session; the sender is driven by hand (`hx.sender.drain()`). */
export async function campaignServer(): Promise<{ hx: TestHuixin; token: string }> {
  const hx = await startTestHuixin({}, { startSender: false });
  return { hx, token: await hx.loginAs(ADMIN.email, ADMIN.password) };
}

export const api = (hx: TestHuixin, token: string) => ({
  get: (path: string) => request(hx.url).get(path).set('Authorization', `Bearer ${token}`),
  post: (path: string) => request(hx.url).post(path).set('Authorization', `Bearer ${token}`),
  patch: (path: string) => request(hx.url).patch(path).set('Authorization', `Bearer ${token}`),
  put: (path: string) => request(hx.url).put(path).set('Authorization', `Bearer ${token}`),
});

let numbers = 0;
/** A fresh mainland mobile number for each contact a test makes. */
export const nextPhone = () => `+86139${String(Date.now() % 100_000).padStart(5, '0')}${String(++numbers).padStart(3, '0')}`;

export interface ContactSpec { tags?: string[]; marketing?: boolean; timezone?: string; name?: string; attributes?: Record<string, string | number> }

/** A contact as an agent would add it (consent to marketing recorded with its proof). */
export async function addContact(hx: TestHuixin, token: string, spec: ContactSpec = {}): Promise<Contact> {
  const res = await api(hx, token).post('/api/contacts').send({
    phone: nextPhone(), name: spec.name ?? '王芳', tags: spec.tags ?? [], marketingConsent: spec.marketing ?? false,
    ...(spec.timezone ? { timezone: spec.timezone } : {}), ...(spec.attributes ? { attributes: spec.attributes } : {}),
  }).expect(201);
  return hx.ds.manager.findOneByOrFail(Contact, { id: res.body.id });
}

export async function makeSegment(hx: TestHuixin, token: string, definition: Record<string, unknown>): Promise<number> {
  const res = await api(hx, token).post('/api/segments').send({ name: 'segment', ...definition }).expect(201);
  return res.body.id as number;
}

export async function makeCampaign(hx: TestHuixin, token: string, fields: Record<string, unknown>): Promise<number> {
  const res = await api(hx, token).post('/api/campaigns').send({ name: 'campaign', category: 'marketing', body: '{{contact.name}}您好，洗牙8折', ...fields }).expect(201);
  return res.body.id as number;
}

/** Each contact's recipient row of a campaign, by contact id. */
export async function recipientsOf(hx: TestHuixin, campaignId: number): Promise<Map<number, CampaignRecipient>> {
  const rows = await hx.ds.manager.findBy(CampaignRecipient, { campaignId });
  return new Map(rows.map((r) => [r.contactId, r]));
}

export const campaignMessages = (hx: TestHuixin, campaignId: number) => hx.ds.manager.find(Message, { where: { campaignId }, order: { id: 'ASC' } });

/** A person is answering this contact right now. */
export async function talkingToPerson(hx: TestHuixin, contact: Contact): Promise<void> {
  await hx.ds.manager.save(hx.ds.manager.create(Conversation, { contactId: contact.id, status: 'open', handledBy: 'human', unread: 0, lastMessageAt: hx.clock.now() }));
}

export async function visitIn(hx: TestHuixin, contact: Contact, minutes: number): Promise<void> {
  const startsAt = new Date(hx.clock.now().getTime() + minutes * 60_000);
  await hx.ds.manager.save(hx.ds.manager.create(Appointment, {
    contactId: contact.id, service: '洗牙', location: null, startsAt, endsAt: new Date(startsAt.getTime() + 30 * 60_000), status: 'booked', source: 'api',
  }));
}

/** The customer texts in (the generic webhook, as a provider would post it). */
let inbound = 0;
export function textIn(hx: TestHuixin, from: string, text: string) {
  return request(hx.url).post('/webhooks/generic').send({ id: `campaign-in-${Date.now()}-${++inbound}`, from, to: '10690000', text }).expect(200);
}
