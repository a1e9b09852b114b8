import { ConversationEpisode, Message, SettingRow } from '../../../server/db/entities';
import { RULESET_VERSION_KEY } from '../../../server/admin/ruleset-source';
import { Customer } from '../../support/customer';
import { statementsDuring } from '../../support/statements-during';
import { startTestHuixin, type TestHuixin } from '../../support/test-server';

// A campaign's replies are returning customers' texts. Their transaction reads the conversation, its open episode and
// whether anything came in before in one statement after the contact's, not one round trip after another.

let hx: TestHuixin;
beforeAll(async () => { hx = await startTestHuixin({}, { startSender: false }); });
afterAll(() => hx.close());

describe('a returning customer\'s text', () => {
  it('reads its conversation, open episode and first-text answer in one statement, and continues them', async () => {
    const customer = new Customer(hx, '+8613700001111');
    await customer.text('营业时间？');
    const [conversation, [episode]] = [await customer.conversation(), await hx.ds.manager.findBy(ConversationEpisode, { conversationId: (await customer.conversation()).id })];

    const log = await statementsDuring(hx, async () => { await customer.text('🙂'); });
    const reads = log.filter((q) => /^SELECT/i.test(q));
    expect(reads.filter((q) => /FROM conversations cv LEFT JOIN conversation_episodes ep/.test(q))).toHaveLength(1);
    expect(reads.filter((q) => /FROM `?"?conversations`?"? WHERE/i.test(q))).toEqual([]);
    expect(reads.filter((q) => /FROM `?"?conversation_episodes`?"? WHERE open_for/i.test(q))).toEqual([]);
    expect(reads.filter((q) => /FROM messages WHERE conversation_id = \? AND direction = 'in' LIMIT 1/i.test(q))).toEqual([]);

    // The same thread and episode go on; a wordless text is greeted only as a customer's first (a new number's is).
    expect((await customer.conversation()).id).toBe(conversation.id);
    const episodes = await hx.ds.manager.findBy(ConversationEpisode, { conversationId: conversation.id });
    expect(episodes).toEqual([expect.objectContaining({ id: episode!.id, inboundCount: 2, openFor: conversation.id })]);
    const inbound = await hx.ds.manager.find(Message, { where: { conversationId: conversation.id, direction: 'in' }, order: { id: 'ASC' } });
    const stageOf = (m: Message) => (m.decision as { trace: { stage: string } }).trace.stage;
    expect(inbound.map((m) => m.body)).toEqual(['营业时间？', '🙂']);
    expect(stageOf(inbound[1]!)).not.toBe('greeting');
    const newcomer = new Customer(hx, '+8613700002222');
    expect(stageOf(await hx.ds.manager.findOneByOrFail(Message, { id: await newcomer.text('🙂') }))).toBe('greeting');
  });
});

describe('the first look of a text', () => {
  it('reads the sender and the ruleset version in a database whose version was never stored, as in one that was', async () => {
    // The first look takes its row from the version's settings row; a database without one reads it another way.
    const { value } = await hx.ds.manager.findOneByOrFail(SettingRow, { key: RULESET_VERSION_KEY });
    await hx.ds.manager.delete(SettingRow, { key: RULESET_VERSION_KEY });
    try {
      const customer = new Customer(hx, '+8613700003333');
      const first = await hx.ds.manager.findOneByOrFail(Message, { id: await customer.text('营业时间？') });
      const again = await hx.ds.manager.findOneByOrFail(Message, { id: await customer.text('营业时间？') });
      for (const text of [first, again]) expect(text).toMatchObject({ errorCode: null, decision: expect.objectContaining({ trace: expect.objectContaining({ stage: expect.any(String) }) }) });
      expect(again.contactId).toBe(first.contactId);
      const replies = await hx.ds.manager.findBy(Message, { conversationId: first.conversationId, direction: 'out' });
      expect(replies.map((r) => r.body)).toEqual([expect.stringContaining('营业时间'), expect.stringContaining('营业时间')]);
    } finally {
      await hx.ds.manager.save(SettingRow, { key: RULESET_VERSION_KEY, value });
    }
  });
});
