import { renderTemplate } from '../../rules';
import { Contact, Conversation } from '../db/entities';
import { buildTemplateVars } from '../conversations/template-vars';
import type { AppDeps } from '../deps';
import { notFound } from '../http/errors';
import { nextAppointment } from './agent-reply';

export interface TemplatePreview { key: string; body: string | null; error?: string }

/**
 * Every canned reply filled in for this contact and their next appointment, so the agent sees exactly what would be
 * sent. A template whose variables cannot be filled (no appointment yet) comes back with the reason instead.
 */
export async function templatePreviews(deps: AppDeps, conversationId: number): Promise<TemplatePreview[]> {
  const conv = await deps.ds.manager.findOneBy(Conversation, { id: conversationId });
  if (!conv) throw notFound('Conversation');
  const contact = await deps.ds.manager.findOneByOrFail(Contact, { id: conv.contactId });
  const ruleset = await deps.rulesets.get();
  const appointment = await nextAppointment(deps.ds.manager, contact.id, deps.clock.now());
  const vars = buildTemplateVars({ settings: ruleset.source.settings, contact, appointment });
  return ruleset.source.templates.map((t) => {
    try {
      return { key: t.key, body: renderTemplate(ruleset, t.key, contact.locale, vars) };
    } catch (err) {
      return { key: t.key, body: null, error: (err as Error).message };
    }
  });
}
