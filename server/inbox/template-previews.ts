import { renderTemplate, SYSTEM_TEMPLATES } from '../../rules';
import { buildTemplateVars } from '../conversations/template-vars';
import { appointmentsIn } from '../db/repositories/appointments.repository';
import { contactsIn } from '../db/repositories/contacts.repository';
import { conversationsIn } from '../db/repositories/conversations.repository';
import type { AppDeps } from '../deps';

export interface TemplatePreview { key: string; body: string | null; error?: string }

/**
 * The admin's own templates (faq_hours …) filled in for this contact and their next appointment, so the agent sees
 * exactly what would be sent. A template whose variables cannot be filled (no appointment yet) comes back with the
 * reason instead. The bot's system templates are left out: they need the bot's moment (slots, a score, a cancelled
 * visit) and sent by hand they lie ("已为您取消" while the visit stands); the action buttons send those.
 */
export async function templatePreviews(deps: AppDeps, conversationId: number): Promise<TemplatePreview[]> {
  const em = deps.ds.manager;
  const conv = await conversationsIn(em).getById(conversationId);
  const contact = await contactsIn(em).getById(conv.contactId);
  const ruleset = await deps.rulesets.get();
  const appointment = await appointmentsIn(em).nextFor(contact.id, deps.clock.now());
  const vars = buildTemplateVars({ settings: ruleset.source.settings, contact, appointment });
  return ruleset.source.templates.filter((t) => !isSystemTemplate(t.key)).map((t) => {
    try {
      return { key: t.key, body: renderTemplate(ruleset, t.key, contact.locale, vars) };
    } catch (err) {
      return { key: t.key, body: null, error: (err as Error).message };
    }
  });
}

export const isSystemTemplate = (key: string): boolean => Object.hasOwn(SYSTEM_TEMPLATES, key);
