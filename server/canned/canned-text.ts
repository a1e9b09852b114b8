import { checkTemplateText, renderText } from '../../rules';
import { pickLocale } from '../../rules/templates/catalog';
import { inScript, isTraditionalLocale, replyScript } from '../../rules/templates/script';
import { badRequest } from '../http/errors';

/**
 * What a canned reply may say: what the server always knows about a conversation (the business, the contact) and
 * their next visit. Not slots, scores or menus: those belong to the bot's own templates, sent in their moment.
 */
export const CANNED_VARIABLES = [
  'business.name', 'business.phone', 'contact.name', 'contact.phone',
  'appointment.service', 'appointment.when', 'appointment.location',
] as const;

/** Every body parses, uses only known variables and renders with sample values, or a 400 names the body at fault. */
export function refuseUnrenderable(bodies: Record<string, string>): void {
  for (const [locale, body] of Object.entries(bodies)) {
    const problem = checkTemplateText(body, `bodies.${locale}`, CANNED_VARIABLES)[0];
    if (problem) throw badRequest('invalid_template', `${problem.path}: ${problem.message}`, problem.path);
  }
}

/**
 * The reply in the contact's language filled in with their values; a traditional reader gets a Chinese body in
 * traditional characters, as the bot's own replies do. Throws when a variable is missing (no upcoming visit).
 */
export function renderCanned(bodies: Record<string, string>, locale: string, vars: Record<string, unknown>): string {
  const chosen = pickLocale(bodies, locale);
  if (chosen === undefined) throw new Error('no body');
  const text = renderText(bodies[chosen], vars);
  return chosen.startsWith('zh') && !isTraditionalLocale(chosen) ? inScript(text, replyScript(locale), locale) : text;
}
