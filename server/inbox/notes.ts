import type { Actor } from '../conversations/conversation.service';
import { toConversationView } from '../conversations/views';
import { Agent, ConversationNote } from '../db/entities';
import { contactsIn } from '../db/repositories/contacts.repository';
import { conversationsIn } from '../db/repositories/conversations.repository';
import { publishAfterCommit } from '../events/after-commit';
import { notify } from '../notifications/notify';
import type { AppDeps } from '../deps';
import type { NoteView } from './socket-contract';

export const toNoteView = (n: ConversationNote, agentName: string): NoteView =>
  ({ id: n.id, conversationId: n.conversationId, agentId: n.agentId, agentName, body: n.body, mentions: n.mentions, createdAt: n.createdAt.toISOString() });

/**
 * "@wang" or "@王芳" names an agent by the part of their email before the @ or by their display name.
 * @example mentionedIds('请 @liu 看一下', agents) // → [liu's id]
 */
export function mentionedIds(body: string, agents: Array<Pick<Agent, 'id' | 'email' | 'name'>>): number[] {
  const handles = new Set([...body.matchAll(/@([^\s@,，。:：]+)/g)].map((m) => m[1].toLowerCase()));
  return agents.filter((a) => handles.has(a.email.split('@')[0].toLowerCase()) || handles.has(a.name.toLowerCase())).map((a) => a.id);
}

/** Stores an internal note (never sent as SMS) and rings each mentioned agent's bell; they hear of it after commit. */
export async function addNote(deps: AppDeps, conversationId: number, author: Actor, body: string): Promise<NoteView> {
  return publishAfterCommit(deps.ds, async (em, events) => {
    const conv = await conversationsIn(em).lockById(conversationId);
    const agents = await em.find(Agent, { where: { active: true } });
    const mentions = mentionedIds(body, agents).filter((id) => id !== author.id);
    const saved = await em.save(em.create(ConversationNote, { conversationId, agentId: author.id, body, mentions }));
    const contact = await contactsIn(em).getById(conv.contactId);
    const note = toNoteView(saved, author.name);
    await notify(em, events, deps.bus, mentions.map((agentId) => ({ agentId, kind: 'mention', conversationId, noteId: saved.id, actorAgentId: author.id })), deps.clock.now());
    const conversation = toConversationView(conv, contact);
    events.push(() => {
      deps.inboxEvents.emit('note:created', note);
      for (const agentId of note.mentions) deps.inboxEvents.emit('mention:created', { agentId, mention: { note, conversation } });
    });
    return note;
  });
}

export async function listNotes(deps: AppDeps, conversationId: number): Promise<NoteView[]> {
  const notes = await deps.ds.manager.find(ConversationNote, { where: { conversationId }, order: { id: 'ASC' }, take: 500 });
  const names = new Map((await deps.ds.manager.find(Agent)).map((a) => [a.id, a.name]));
  return notes.map((n) => toNoteView(n, names.get(n.agentId) ?? '?'));
}
