import { Customer } from '../../support/customer';
import { ADMIN, eventually, startTestHuixin, type TestHuixin } from '../../support/test-server';
import { AdminClient, wifiRule } from './admin-client';

// Two Huixin processes on one database: SQLite shares the DATA_DIR file, MariaDB the DATABASE_URL.
let first: TestHuixin;
let second: TestHuixin;
beforeAll(async () => {
  first = await startTestHuixin();
  second = await startTestHuixin(first.db.env);
});
afterAll(async () => { await second.close(); await first.close(); });

describe('a saved rule on one server process', () => {
  it('changes the next webhook answer on another process, without a restart', async () => {
    const customer = new Customer(second, '+8613700999001');
    await customer.text('wifi');
    const firstAnswer = await eventually(() => customer.lastReply());
    expect(firstAnswer.body).not.toContain('smile2026');
    expect((await customer.decisionOf(firstAnswer))?.action).toBe('handoff');

    const admin = new AdminClient(first.url, await first.loginAs(ADMIN.email, ADMIN.password));
    await admin.post('/rules', wifiRule()).expect(201);

    // A new customer: the first one was handed to a person, and the bot no longer answers that conversation.
    const next = new Customer(second, '+8613700999002');
    await next.text('wifi');
    const answer = await eventually(() => next.lastReply());
    expect(answer.body).toBe('【示例口腔诊所】Wi-Fi: clinic-guest / smile2026');
    expect((await next.decisionOf(answer))?.trace.rulesetVersion).toBe((await admin.get('/versions')).body.items[0].version);
  });
});
