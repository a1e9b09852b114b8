import { checkedRequest } from '../../support/openapi-check';
import { ADMIN, startTestHuixin, TUESDAY_MORNING, type TestHuixin } from '../../support/test-server';

/**
 * One pass over the routes an integrator starts with, each answer checked against the document by checkedRequest:
 * a renamed or dropped field in any of them fails here, naming the route and the field.
 */
let hx: TestHuixin;
let api: ReturnType<typeof checkedRequest>;
let auth: string;
beforeAll(async () => {
  hx = await startTestHuixin({}, { startWorkers: false });
  api = checkedRequest(hx.url);
  const login = await api.post('/api/auth/login').send(ADMIN).expect(200);
  auth = `Bearer ${login.body.token}`;
});
afterAll(() => hx.close());

const get = (path: string) => api.get(path).set('Authorization', auth).expect(200);

it('answers a customer text, the inbox list and the thread as documented', async () => {
  await api.post('/webhooks/generic').send({ id: 'openapi-answers-1', from: '+8613800138111', to: '10690000', text: '你好，想预约' }).expect(200);
  const list = await get('/api/conversations?view=all');
  const conversation = list.body.items.find((c: { contact: { phone: string } }) => c.contact.phone === '+8613800138111');
  expect(conversation).toBeDefined();
  const thread = await get(`/api/conversations/${conversation.id}/messages`);
  expect(thread.body.items[0]).toEqual(expect.objectContaining({ direction: 'in', body: '你好，想预约' }));
  await get(`/api/conversations/${conversation.id}`);
  await get('/api/conversations/counts');
  await get(`/api/conversations/${conversation.id}/notes`);
});

it('answers the signed-in agent, contacts, appointments, rules, campaigns and the dashboard as documented', async () => {
  await get('/api/auth/me');
  await get('/api/me');
  await get('/api/agents');
  const contacts = await get('/api/contacts');
  await get(`/api/contacts/${contacts.body.items[0].id}`);
  await get('/api/contact-attributes');
  const day = TUESDAY_MORNING.slice(0, 10);
  await get(`/api/appointments?from=${day}T00:00:00Z&to=2026-12-31T00:00:00Z`);
  await get('/api/rules');
  await get('/api/campaigns');
  await get('/api/campaign-alarms');
  await get('/api/segments');
  await get(`/api/reports/overview?from=2026-11-01&to=${day}`);
  await get('/healthz');
});

it('answers a refusal in the documented error shape', async () => {
  const res = await api.get('/api/conversations/not-a-number').set('Authorization', auth).expect(400);
  expect(res.body.error.field).toBe('id');
  await api.get('/api/contacts').expect(401);
});
