import { createContact } from '../contacts/new-contact';
import { findOrCreateConversation } from '../conversations/inbound-thread';
import { contactsIn } from '../db/repositories/contacts.repository';
import { conversationsIn } from '../db/repositories/conversations.repository';
import { isUniqueViolation } from '../db/transaction';
import type { AppDeps } from '../deps';
import { publishAfterCommit } from '../events/after-commit';
import { badRequest, HttpError } from '../http/errors';
import { toE164 } from '../shared/phone';
import type { Actor } from '../conversations/conversation.service';
import { OPTED_OUT_MESSAGE, replyIn } from './agent-reply';
import type { StartedConversation } from './socket-contract';

export interface StartConversation { phone: string; body: string; name?: string }

/**
 * An agent texts a number first (POST /api/conversations). The number is read like the contacts API reads it; a new
 * one becomes a contact (through createContact, so an erased number's kept refusal still counts), a known one keeps
 * its name. The text is an agent's reply like any other — transactional, through the outbox, never marketing — so
 * the agent owns the thread (a person handles it and the bot stays quiet), and the collision rule holds: a thread
 * another agent owns must be taken over first. A contact who refused all texts is a 409 with nothing stored.
 */
export async function startConversation(deps: AppDeps, agent: Actor, input: StartConversation): Promise<StartedConversation> {
  const phone = toE164(input.phone, deps.config.DEFAULT_REGION);
  if (!phone) throw badRequest('invalid_field', 'phone: not a phone number', 'phone');
  const ruleset = await deps.rulesets.get();
  const attempt = () => publishAfterCommit(deps.ds, async (em, events) => {
    const now = deps.clock.now();
    const contact = await contactsIn(em).findByPhone(phone)
      ?? await createContact(em, { phone, name: input.name || null, timezone: deps.config.DEFAULT_TIMEZONE }, now);
    // Before anything is written for them: the refusal rolls back a contact made just now, too.
    if (contact.optedOut) throw new HttpError(409, 'opted_out', OPTED_OUT_MESSAGE);
    const { id } = await findOrCreateConversation(em, contact.id, now);
    const conv = await conversationsIn(em).lockById(id);
    return replyIn(deps, em, events, ruleset, conv, agent, { body: input.body });
  });
  try {
    return await attempt();
  } catch (err) {
    // Two agents (or an inbound text) made the same new contact at once: the loser's second try finds it.
    if (isUniqueViolation(err)) return attempt();
    throw err;
  }
}
