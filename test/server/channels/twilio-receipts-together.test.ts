import { GROUPS_AT_ONCE } from '../../../server/db/group-commit';
import { asOneGroup } from '../../support/commit-groups';
import { Customer } from '../../support/customer';
import { FakeTwilio, postTwilioStatus, twilioEnv } from '../../support/fake-twilio';
import { statementsDuring } from '../../support/statements-during';
import { startTestHuixin, type TestHuixin } from '../../support/test-server';
import { outboundDayCount } from '../../support/outbound-counts';

// Twilio posts one status callback per text and per status: a campaign's come by the thousand at once. On MariaDB they
// commit together, as its customers' texts do (db/group-commit.ts); SQLite's transactions already commit together.
const onMariaDb = process.env.DATABASE_URL ? describe : describe.skip;
const AUTH_TOKEN = 'together-token-1';
const PUBLIC_URL = 'https://huixin.example.com';

let hx: TestHuixin;
let twilio: FakeTwilio;
beforeAll(async () => {
  if (!process.env.DATABASE_URL) return;
  twilio = await new FakeTwilio().start();
  hx = await startTestHuixin({ ...twilioEnv(twilio, AUTH_TOKEN), PUBLIC_URL }, { startSender: false });
});
afterAll(async () => { await hx?.close(); await twilio?.stop(); });

const postStatus = (callbackUrl: string, params: Record<string, string>) => postTwilioStatus(hx, AUTH_TOKEN, callbackUrl, params);

onMariaDb('Twilio status callbacks arriving together', () => {
  it('commit as one group, each text delivered and counted', async () => {
    const customers = Array.from({ length: 16 }, (_, i) => new Customer(hx, `+86136004${String(i).padStart(5, '0')}`));
    for (const c of customers) await c.text('人工');
    await hx.sender.drain();
    const sends = customers.map((c) => twilio.sends.find((s) => s.to === c.phone)!);
    const [sent, delivered] = [await outboundDayCount(hx, 'sent'), await outboundDayCount(hx, 'delivered')];

    const log = await statementsDuring(hx, async () => {
      // Every group slot held while the callbacks come, so they queue as a burst's would, then run.
      const answers = await asOneGroup(hx.ds, sends.length, () =>
        Promise.all(sends.map((s) => postStatus(s.statusCallback!, { MessageSid: s.sid, MessageStatus: 'delivered', To: s.to, AccountSid: 'ACtest' }))));
      expect(answers.map((r) => r.status)).toEqual(sends.map(() => 204));
    });

    // The two blockers' commits and one for all sixteen callbacks (each its own on the parent: eighteen).
    expect(log.filter((q) => /^COMMIT/i.test(q)).length).toBeLessThanOrEqual(GROUPS_AT_ONCE + 1);
    for (const c of customers) expect(await c.lastReply()).toMatchObject({ status: 'delivered' });
    expect([await outboundDayCount(hx, 'sent'), await outboundDayCount(hx, 'delivered')]).toEqual([sent - 16, delivered + 16]);
  });
});
