import { ConversationEpisode, Message } from '../../../server/db/entities';
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
