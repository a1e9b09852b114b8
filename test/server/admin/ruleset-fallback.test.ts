import { TemplateRow } from '../../../server/db/entities';
import { bumpRulesetVersion } from '../../../server/admin/ruleset-source';
import { Customer } from '../../support/customer';
import { eventually, startTestHuixin, type TestHuixin } from '../../support/test-server';

// A save compiles before it commits, so only data from outside the admin API (an older release's, a hand edit) can
// be a stored version that does not compile. That must not take the bot down with it.
let hx: TestHuixin;
beforeAll(async () => { hx = await startTestHuixin(); });
afterAll(async () => { await hx.close(); });

describe('a stored ruleset version that does not compile', () => {
  it('leaves the last good version answering customers', async () => {
    const before = new Customer(hx, '+8613700888001');
    await before.text('人工');
    const servingVersion = (await before.decisionOf(await eventually(() => before.lastReply())))!.trace.rulesetVersion;

    // Today's validation refuses partials in SMS templates; write one the way an older release could have stored it.
    await hx.ds.transaction(async (em) => {
      const help = await em.findOneByOrFail(TemplateRow, { key: 'help' });
      await em.update(TemplateRow, { id: help.id }, { bodies: { ...help.bodies, 'zh-CN': '{{> legacy_footer}}' } });
      await bumpRulesetVersion(em);
    });

    const after = new Customer(hx, '+8613700888002');
    await after.text('人工');
    const reply = await eventually(() => after.lastReply());
    const decision = await after.decisionOf(reply);
    expect(decision?.action).toBe('handoff');
    expect(decision?.trace.rulesetVersion).toBe(servingVersion);
    expect((await after.conversation()).handoffReason).toBe((await before.conversation()).handoffReason);
    expect(reply.errorCode).toBeNull();
  });
});
