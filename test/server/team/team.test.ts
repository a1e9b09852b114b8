import request from 'supertest';
import { DEMO_AGENT_PASSWORD } from '../../../server/db/seed/seed';
import { Customer } from '../../support/customer';
import { ADMIN, eventually, startTestHuixin, type TestHuixin } from '../../support/test-server';
import { connectAgent, type AgentSocket } from '../inbox/inbox-client';

let hx: TestHuixin;
let admin: string;
const sockets: AgentSocket[] = [];

beforeAll(async () => {
  hx = await startTestHuixin();
  admin = await hx.loginAs(ADMIN.email, ADMIN.password);
});
afterEach(() => { sockets.splice(0).forEach((s) => s.close()); });
afterAll(async () => { await hx?.close(); });

const as = (token: string) => ({ Authorization: `Bearer ${token}` });
const tokenOfLink = (url: string) => url.split('/invite/')[1];
let n = 0;

/** Invites someone new and returns their id and the link's token. */
async function invite(role: 'admin' | 'agent' = 'agent', name = '新同事'): Promise<{ id: number; email: string; token: string }> {
  const email = `new${++n}@clinic.example`;
  const res = await request(hx.url).post('/api/agents').set(as(admin)).send({ email, name, role }).expect(201);
  return { id: res.body.agent.id, email, token: tokenOfLink(res.body.inviteUrl) };
}

async function accept(token: string, password = 'a-new-password'): Promise<string> {
  const res = await request(hx.url).post('/api/auth/accept-invite').send({ token, password }).expect(200);
  return res.body.token as string;
}

async function idOf(token: string): Promise<number> {
  return (await request(hx.url).get('/api/me').set(as(token)).expect(200)).body.agent.id;
}

describe('inviting an agent', () => {
  it('shows the admin a one-time link, with which the new agent sets a password and is signed in', async () => {
    const res = await request(hx.url).post('/api/agents').set(as(admin)).send({ email: 'Zhao@Clinic.example', name: '赵敏', role: 'agent' }).expect(201);
    expect(res.body.agent).toMatchObject({ email: 'zhao@clinic.example', name: '赵敏', role: 'agent', status: 'invited', lastLoginAt: null });
    expect(res.body.inviteUrl).toMatch(/\/invite\/[\w-]{43}$/);
    // No password yet: nothing logs them in before the link is used.
    await request(hx.url).post('/api/auth/login').send({ email: 'zhao@clinic.example', password: '' }).expect(400);

    const accepted = await request(hx.url).post('/api/auth/accept-invite').send({ token: tokenOfLink(res.body.inviteUrl), password: 'zhao-password' }).expect(200);
    expect(accepted.headers['set-cookie']?.[0]).toMatch(/^huixin_session=/);
    const me = await request(hx.url).get('/api/auth/me').set(as(accepted.body.token)).expect(200);
    expect(me.body.agent).toMatchObject({ email: 'zhao@clinic.example', role: 'agent' });
    await hx.loginAs('zhao@clinic.example', 'zhao-password');

    const team = await request(hx.url).get('/api/agents').set(as(admin)).expect(200);
    expect(team.body.items.find((a: { email: string }) => a.email === 'zhao@clinic.example')).toMatchObject({ status: 'active', inviteExpiresAt: null });
  });

  it('refuses a link a second time with 410 naming the token', async () => {
    const { token } = await invite();
    await accept(token);
    const again = await request(hx.url).post('/api/auth/accept-invite').send({ token, password: 'another-password' }).expect(410);
    expect(again.body.error).toMatchObject({ code: 'invite_used', field: 'token' });
  });

  it('refuses a link older than seven days', async () => {
    const { token } = await invite();
    hx.clock.advance(8 * 86_400_000);
    try {
      const res = await request(hx.url).post('/api/auth/accept-invite').send({ token, password: 'late-password' }).expect(410);
      expect(res.body.error).toMatchObject({ code: 'invite_expired', field: 'token' });
    } finally {
      hx.clock.advance(-8 * 86_400_000);
    }
  });

  it('names the field at fault: a taken email, an unknown role, a non-boolean active, a short password', async () => {
    const taken = await request(hx.url).post('/api/agents').set(as(admin)).send({ email: 'wang@clinic.example', name: '王', role: 'agent' }).expect(409);
    expect(taken.body.error).toMatchObject({ code: 'email_taken', field: 'email' });
    const role = await request(hx.url).post('/api/agents').set(as(admin)).send({ email: 'x@clinic.example', name: 'X', role: 'owner' }).expect(400);
    expect(role.body.error).toMatchObject({ code: 'invalid_field', field: 'role' });
    const email = await request(hx.url).post('/api/agents').set(as(admin)).send({ email: 'not an email', name: 'X', role: 'agent' }).expect(400);
    expect(email.body.error.field).toBe('email');
    const nothing = await request(hx.url).patch(`/api/agents/${await idOf(admin)}`).set(as(admin)).send({}).expect(200);
    expect(nothing.body.agent.role).toBe('admin');
    const unknown = await request(hx.url).patch(`/api/agents/${await idOf(admin)}`).set(as(admin)).send({ active: 'no' }).expect(400);
    expect(unknown.body.error.field).toBe('active');
    const { token } = await invite();
    const short = await request(hx.url).post('/api/auth/accept-invite').send({ token, password: 'short' }).expect(400);
    expect(short.body.error.field).toBe('password');
  });
});

describe('who may manage the team', () => {
  it('gives an agent 403 on every admin route, and the inbox directory as before', async () => {
    const wang = await hx.loginAs('wang@clinic.example', DEMO_AGENT_PASSWORD);
    const wangId = await idOf(wang);
    await request(hx.url).post('/api/agents').set(as(wang)).send({ email: 'y@clinic.example', name: 'Y', role: 'agent' }).expect(403);
    await request(hx.url).patch(`/api/agents/${wangId}`).set(as(wang)).send({ role: 'admin' }).expect(403);
    await request(hx.url).post(`/api/agents/${wangId}/reset-link`).set(as(wang)).expect(403);
    await request(hx.url).get('/api/agents?include=inactive').set(as(wang)).expect(403);
    await request(hx.url).post('/api/agents').send({ email: 'y@clinic.example', name: 'Y', role: 'agent' }).expect(401);

    const directory = await request(hx.url).get('/api/agents').set(as(wang)).expect(200);
    const self = directory.body.items.find((a: { id: number }) => a.id === wangId);
    expect(Object.keys(self).sort()).toEqual(['away', 'email', 'id', 'locale', 'name', 'online', 'role']);
  });
});

describe('the last admin', () => {
  it('cannot be demoted or deactivated (409) until another admin has joined', async () => {
    const adminId = await idOf(admin);
    const demote = await request(hx.url).patch(`/api/agents/${adminId}`).set(as(admin)).send({ role: 'agent' }).expect(409);
    expect(demote.body.error.code).toBe('last_admin');
    await request(hx.url).patch(`/api/agents/${adminId}`).set(as(admin)).send({ active: false }).expect(409);
    expect((await request(hx.url).get('/api/me').set(as(admin)).expect(200)).body.agent.role).toBe('admin');

    // An admin who has only been invited cannot sign in yet, so does not count.
    const second = await invite('admin', '第二管理员');
    await request(hx.url).patch(`/api/agents/${adminId}`).set(as(admin)).send({ active: false }).expect(409);
    // Once they have set a password, one of the two may step down.
    const secondToken = await accept(second.token);
    await request(hx.url).patch(`/api/agents/${second.id}`).set(as(admin)).send({ role: 'agent' }).expect(200);
    await request(hx.url).post('/api/agents').set(as(secondToken)).send({ email: 'z@clinic.example', name: 'Z', role: 'agent' }).expect(403);
  });
});

describe('deactivating an agent', () => {
  it('ends their sessions, hands their open conversations to someone online and keeps their resolved ones', async () => {
    const a = await invite('agent', '小周');
    const zhou = await accept(a.token);
    const liu = await hx.loginAs('liu@clinic.example', DEMO_AGENT_PASSWORD);
    const liuId = await idOf(liu);

    // 小周 alone is online, so round-robin gives them both hand-offs; one they resolve.
    const zhouSocket = await connectAgent(hx.url, zhou);
    sockets.push(zhouSocket);
    const open = new Customer(hx, '+8613600000001');
    const done = new Customer(hx, '+8613600000002');
    await open.text('人工');
    await done.text('人工');
    await eventually(async () => (await open.conversation()).assigneeId === a.id && (await done.conversation()).assigneeId === a.id);
    await request(hx.url).post(`/api/conversations/${(await done.conversation()).id}/resolve`).set(as(zhou)).expect(200);

    sockets.push(await connectAgent(hx.url, liu));
    const disconnected = new Promise((resolve) => zhouSocket.once('disconnect', resolve));
    const res = await request(hx.url).patch(`/api/agents/${a.id}`).set(as(admin)).send({ active: false }).expect(200);
    expect(res.body.agent).toMatchObject({ active: false, status: 'inactive' });

    await request(hx.url).get('/api/me').set(as(zhou)).expect(401);
    await disconnected;
    expect(await eventually(async () => (await open.conversation()).assigneeId === liuId)).toBe(true);
    expect((await done.conversation()).assigneeId).toBe(a.id);
    await request(hx.url).post('/api/auth/login').send({ email: a.email, password: 'a-new-password' }).expect(401);

    const directory = await request(hx.url).get('/api/agents').set(as(admin)).expect(200);
    expect(directory.body.items.map((x: { id: number }) => x.id)).not.toContain(a.id);
    const everyone = await request(hx.url).get('/api/agents?include=inactive').set(as(admin)).expect(200);
    expect(everyone.body.items.find((x: { id: number }) => x.id === a.id)).toMatchObject({ status: 'inactive' });

    // Reactivated, they sign in with their password again.
    await request(hx.url).patch(`/api/agents/${a.id}`).set(as(admin)).send({ active: true }).expect(200);
    await hx.loginAs(a.email, 'a-new-password');
  });
});

describe('resetting a password', () => {
  it('gives a new one-time link; the old password works until it is used, then not, and old sessions end', async () => {
    const a = await invite();
    const first = await accept(a.token, 'first-password');
    const res = await request(hx.url).post(`/api/agents/${a.id}/reset-link`).set(as(admin)).expect(200);
    expect(res.body.agent.inviteExpiresAt).toBe(new Date(hx.clock.now().getTime() + 7 * 86_400_000).toISOString());
    await hx.loginAs(a.email, 'first-password');

    await accept(tokenOfLink(res.body.inviteUrl), 'second-password');
    await request(hx.url).get('/api/me').set(as(first)).expect(401);
    await request(hx.url).post('/api/auth/login').send({ email: a.email, password: 'first-password' }).expect(401);
    await hx.loginAs(a.email, 'second-password');
  });
});

describe('my profile', () => {
  it('lets any agent change their name and language', async () => {
    const { token } = await invite();
    const agent = await accept(token);
    const res = await request(hx.url).patch('/api/me').set(as(agent)).send({ name: '周杰', locale: 'en' }).expect(200);
    expect(res.body.agent).toMatchObject({ name: '周杰', locale: 'en' });
    expect((await request(hx.url).get('/api/auth/me').set(as(agent)).expect(200)).body.agent).toMatchObject({ name: '周杰', locale: 'en' });
    const bad = await request(hx.url).patch('/api/me').set(as(agent)).send({ locale: 'fr' }).expect(400);
    expect(bad.body.error.field).toBe('locale');
  });

  it('changes the password only with the current one, and signs out the other sessions', async () => {
    const a = await invite();
    const here = await accept(a.token, 'current-password');
    const elsewhere = await hx.loginAs(a.email, 'current-password');
    const missing = await request(hx.url).patch('/api/me').set(as(here)).send({ password: 'brand-new-password' }).expect(400);
    expect(missing.body.error.field).toBe('currentPassword');
    const wrong = await request(hx.url).patch('/api/me').set(as(here)).send({ password: 'brand-new-password', currentPassword: 'guess-guess' }).expect(400);
    expect(wrong.body.error).toMatchObject({ code: 'wrong_password', field: 'currentPassword' });

    await request(hx.url).patch('/api/me').set(as(here)).send({ password: 'brand-new-password', currentPassword: 'current-password' }).expect(200);
    await request(hx.url).get('/api/me').set(as(here)).expect(200);
    await request(hx.url).get('/api/me').set(as(elsewhere)).expect(401);
    await hx.loginAs(a.email, 'brand-new-password');
  });
});
