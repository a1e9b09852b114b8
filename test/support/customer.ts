import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { Contact, Conversation, Message } from '../../server/db/entities';
import type { Decision } from '../../rules/types';
import type { TestHuixin } from './test-server';

/** A customer texting Huixin through the generic webhook, and reading what came back. */
export class Customer {
  constructor(private readonly hx: TestHuixin, readonly phone: string) {}

  async text(body: string): Promise<number> {
    const res = await request(this.hx.url).post('/webhooks/generic').send({ id: randomUUID(), from: this.phone, to: 'huixin', text: body }).expect(200);
    return res.body.messageId as number;
  }

  contact(): Promise<Contact> {
    return this.hx.ds.manager.findOneByOrFail(Contact, { phone: this.phone });
  }

  async conversation(): Promise<Conversation> {
    return this.hx.ds.manager.findOneByOrFail(Conversation, { contactId: (await this.contact()).id });
  }

  /** Outbound messages to this customer, oldest first. */
  async replies(): Promise<Message[]> {
    const contact = await this.contact();
    return this.hx.ds.manager.find(Message, { where: { contactId: contact.id, direction: 'out' }, order: { id: 'ASC' } });
  }

  async lastReply(): Promise<Message | undefined> {
    return (await this.replies()).at(-1);
  }

  /** The decision that sent a bot reply: held by the text it answered (the reply names it), or its own copy. */
  async decisionOf(reply: Message): Promise<Decision | null> {
    if (!reply.decidedById) return reply.decision;
    return (await this.hx.ds.manager.findOneByOrFail(Message, { id: reply.decidedById })).decision;
  }
}
