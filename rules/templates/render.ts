import type { Awaiting, ReplyScript } from '../types';
import type { Ruleset } from '../ruleset';
import { pickLocale } from './catalog';
import { inScript, isTraditionalLocale, localeForScript } from './script';

/**
 * Renders a stored template in the contact's locale (falling back to zh-CN). Strict: a missing variable throws.
 * A traditional reader gets an admin-written zh-HK/zh-TW body when there is one, else the Chinese body converted.
 */
export function renderTemplate(ruleset: Ruleset, key: string, locale: string, vars: Record<string, unknown>, script?: ReplyScript): string {
  const template = ruleset.compiled.templates.get(key);
  if (!template) throw new Error(`No template "${key}"`);
  const chosen = pickLocale(template.def.bodies, localeForScript(locale, script));
  const fn = chosen === undefined ? undefined : template.bodies.get(chosen);
  if (!fn) throw new Error(`Template "${key}" has no body`);
  let text: string;
  try {
    text = fn(vars);
  } catch (err) {
    throw new Error(`Template "${key}" (${chosen}) cannot render: ${(err as Error).message}`);
  }
  return chosen !== undefined && chosen.startsWith('zh') && !isTraditionalLocale(chosen) ? inScript(text, script, locale) : text;
}

const DEFAULT_MENU_TTL_MINUTES = 72 * 60;

/**
 * The menu a conversation awaits after the server sends `templateKey` at `now`, or undefined when the template
 * asks nothing. The server stores it; the awaiting-reply stage reads answers against exactly these options.
 */
export function menuFor(ruleset: Ruleset, templateKey: string, now: string): Awaiting | undefined {
  const def = ruleset.compiled.templates.get(templateKey)?.def;
  if (!def?.menu || def.menu.length === 0) return undefined;
  const ttl = def.menuTtlMinutes ?? DEFAULT_MENU_TTL_MINUTES;
  return {
    menu: def.key,
    options: def.menu.map((o) => o.key),
    expiresAt: new Date(new Date(now).getTime() + ttl * 60_000).toISOString(),
  };
}
