import { renderTemplate } from '../../rules';
import { buildTemplateVars } from '../conversations/template-vars';
import { appointmentsIn } from '../db/repositories/appointments.repository';
import { contactsIn } from '../db/repositories/contacts.repository';
import { conversationsIn } from '../db/repositories/conversations.repository';
import type { AppDeps } from '../deps';

export interface TemplatePreview { key: string; body: string | null; error?: string }

/**
 * Every canned reply filled in for this contact and their next appointment, so the agent sees exactly what would be
 * sent. A template whose variables cannot be filled (no appointment yet) comes back with the reason instead.
 */
export async function templatePreviews(deps: AppDeps, conversationId: number): Promise<TemplatePreview[]> {
  const em = deps.ds.manager;
  const conv = await conversationsIn(em).getById(conversationId);
  const contact = await contactsIn(em).getById(conv.contactId);
  const ruleset = await deps.rulesets.get();
  const appointment = await appointmentsIn(em).nextFor(contact.id, deps.clock.now());
  const vars = buildTemplateVars({ settings: ruleset.source.settings, contact, appointment });
  return ruleset.source.templates.map((t) => {
    try {
      return { key: t.key, body: renderTemplate(ruleset, t.key, contact.locale, vars) };
    } catch (err) {
      return { key: t.key, body: null, error: (err as Error).message };
    }
  });
}
