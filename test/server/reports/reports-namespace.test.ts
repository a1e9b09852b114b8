import { io as connect, type Socket } from 'socket.io-client';
import { DEMO_AGENT_PASSWORD } from '../../../server/db/seed/seed';
import { Customer } from '../../support/customer';
import { ADMIN, eventually, startTestHuixin, type TestHuixin } from '../../support/test-server';

// The dashboard's live refetch signal (issue 17) on its own Socket.IO namespace: any signed-in agent's dashboard hears
// it (agents read their own numbers there), and a dashboard open all day is not an inbox, so it never makes its agent
// present for round-robin assignment.
let hx: TestHuixin;
const sockets: Socket[] = [];

const open = (path: string, token?: string) => {
  const socket = connect(`${hx.url}${path}`, { auth: token ? { token } : {}, transports: ['websocket'], reconnection: false, forceNew: true });
  sockets.push(socket);
  return socket;
};
const connected = (socket: Socket) => new Promise<void>((resolve, reject) => { socket.once('connect', () => resolve()); socket.once('connect_error', reject); });

beforeAll(async () => { hx = await startTestHuixin(); });
afterAll(async () => {
  for (const s of sockets) s.close();
  await hx.close();
});

describe('the /reports namespace', () => {
  it('tells an agent\'s dashboard that the figures moved, without making the agent present in the inbox', async () => {
    const admin = open('/', await hx.loginAs(ADMIN.email, ADMIN.password));
    const presence: Array<{ agentId: number; online: boolean }> = [];
    admin.on('agent:presence', (p: { agentId: number; online: boolean }) => presence.push(p));
    await connected(admin);
    const dashboard = open('/reports', await hx.loginAs('wang@clinic.example', DEMO_AGENT_PASSWORD));
    const heard: string[] = [];
    dashboard.on('reports:changed', (e: { at: string }) => heard.push(e.at));
    await connected(dashboard);
    await new Customer(hx, '+8613700990001').text('你好');
    await eventually(() => heard.length > 0, 5000);
    expect(heard[0]).toBe(hx.clock.now().toISOString());
    // The admin heard only their own arrival: Wang opened no inbox.
    expect(presence.filter((p) => p.online).map((p) => p.agentId)).not.toContain(await wangId());
  });

  it('refuses a connection without a session', async () => {
    await expect(connected(open('/reports'))).rejects.toThrow('unauthenticated');
  });
});

async function wangId(): Promise<number> {
  const rows = await hx.ds.query("SELECT id FROM agents WHERE email = 'wang@clinic.example'") as Array<{ id: number }>;
  return Number(rows[0]!.id);
}
