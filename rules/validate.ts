import type { RuleDef, RulesetSource, Settings, TemplateDef, ValidationProblem } from './types';
import { MENU_ACTIONS, RULE_ACTIONS } from './types';
import { isValidTimeZone } from './dates/zoned';
import { isLocalDate, periodsOf, periodsProblem } from './dates/periods';
import { makeUpWorkdayProblems } from './dates/business-calendar';
import { isIntentName, INTENTS } from './intent/intents';
import { SYSTEM_TEMPLATES } from './templates/catalog';
import { TEMPLATE_VARIABLES, variablesIn } from './templates/variables';
import { compileTemplate, parseTemplate } from './templates/env';
import { refusedConstruct } from './templates/sms-syntax';
import { signatureProblem } from './sms-signature';
import { placeholderVariables } from './templates/placeholder-vars';
import { findConflicts } from './keywords/conflicts';
import { matchKey } from './keywords/matcher';
import { adminRegexProblem, MAX_TOTAL_PROGRAM_SIZE, overRegexBudget } from './keywords/admin-regex';

type Problems = ValidationProblem[];
const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;

/**
 * Syntax errors, constructs SMS does not allow, unknown variables, and anything else that would stop it rendering
 * (checked by rendering once, through the very compile sends use, against placeholder variables), so that
 * whatever saves also renders. `allowed` narrows the variables for system templates.
 */
export function checkTemplateText(text: string, path: string, allowed: readonly string[] = TEMPLATE_VARIABLES): Problems {
  let ast: hbs.AST.Program;
  try { ast = parseTemplate(text); } catch (err) {
    return [{ path, message: `template does not parse: ${firstLine(err)}` }];
  }
  const refused = refusedConstruct(ast);
  if (refused) return [{ path, message: refused }];
  const unknown = variablesIn(ast).filter((v) => !allowed.includes(v)).map((v) => ({
    path, message: `unknown variable "${v}"; available here: ${allowed.join(', ')}`,
  }));
  if (unknown.length > 0) return unknown;
  try { compileTemplate(text)(placeholderVariables(allowed)); } catch (err) {
    return [{ path, message: `template cannot render: ${firstLine(err)}` }];
  }
  return [];
}

const firstLine = (err: unknown) => (err as Error).message.split('\n')[0];

function validateSettings(s: Settings | undefined): Problems {
  if (!s) return [{ path: 'settings', message: 'settings are required' }];
  const out: Problems = [];
  if (!s.timezone || !isValidTimeZone(s.timezone)) out.push({ path: 'settings.timezone', message: `unknown time zone "${s.timezone}"` });
  if (!s.businessName?.trim()) out.push({ path: 'settings.businessName', message: 'a business name is required' });
  for (const [day, hours] of Object.entries(s.businessHours ?? {})) {
    const problem = hours ? periodsProblem(periodsOf(hours)) ?? (periodsOf(hours).length ? null : 'at least one period, or leave the day out') : null;
    if (!/^[1-7]$/.test(day)) out.push({ path: `settings.businessHours.${day}`, message: 'weekdays are 1 (Monday) to 7 (Sunday)' });
    else if (problem) out.push({ path: `settings.businessHours.${day}`, message: problem });
  }
  if (s.closedDates !== undefined && !(Array.isArray(s.closedDates) && s.closedDates.length <= 366 && s.closedDates.every((d) => typeof d === 'string' && isLocalDate(d)))) {
    out.push({ path: 'settings.closedDates', message: 'a list of at most 366 dates "YYYY-MM-DD"' });
  }
  out.push(...makeUpWorkdayProblems(s.makeUpWorkdays, s.closedDates ?? []).map((p) => ({ ...p, path: `settings.${p.path}` })));
  for (const k of ['start', 'end'] as const) {
    if (!HHMM.test(s.quietHours?.[k] ?? '')) out.push({ path: `settings.quietHours.${k}`, message: 'expected "HH:MM"' });
  }
  if (!(s.intentThreshold > 0 && s.intentThreshold < 1)) out.push({ path: 'settings.intentThreshold', message: 'must be between 0 and 1' });
  if (!(s.intentMargin >= 0 && s.intentMargin < 1)) out.push({ path: 'settings.intentMargin', message: 'must be at least 0 and below 1' });
  if (s.assignmentCap !== undefined && !(Number.isInteger(s.assignmentCap) && s.assignmentCap >= 1 && s.assignmentCap <= 100)) {
    out.push({ path: 'settings.assignmentCap', message: 'must be a whole number from 1 to 100' });
  }
  if (s.businessPhone !== undefined && !(typeof s.businessPhone === 'string' && /^[+\d][\d\s()-]{2,30}$/.test(s.businessPhone.trim()))) {
    out.push({ path: 'settings.businessPhone', message: 'a phone number of digits, spaces, "-", "(", ")" and a leading "+"' });
  }
  out.push(...validateUrgentKeywords(s.urgentKeywords));
  const signature = s.smsSignature === undefined ? null : typeof s.smsSignature === 'string' ? signatureProblem(s.smsSignature) : 'expected text';
  if (signature) out.push({ path: 'settings.smsSignature', message: signature });
  return out;
}

const MAX_URGENT_KEYWORDS = 200;

/** Every text is searched for each of these, so they are short words or phrases, and not too many. */
function validateUrgentKeywords(words: unknown): Problems {
  if (words === undefined) return [];
  if (!Array.isArray(words)) return [{ path: 'settings.urgentKeywords', message: 'a list of words' }];
  if (words.length > MAX_URGENT_KEYWORDS) return [{ path: 'settings.urgentKeywords', message: `at most ${MAX_URGENT_KEYWORDS} words` }];
  return words.flatMap((w, i) => (typeof w === 'string' && w.trim().length >= 2 && w.length <= 40
    ? []
    : [{ path: `settings.urgentKeywords[${i}]`, message: 'a word or phrase of 2 to 40 characters' }]));
}

function validateTemplate(t: TemplateDef, i: number): Problems {
  const path = `templates[${i}]`;
  const out: Problems = [];
  if (!/^[a-z][a-z0-9_]*$/.test(t.key ?? '')) out.push({ path: `${path}.key`, message: 'keys are lower_snake_case' });
  if (!t.bodies || Object.keys(t.bodies).length === 0) out.push({ path: `${path}.bodies`, message: 'at least one body is required' });
  const allowed = SYSTEM_TEMPLATES[t.key]?.vars;
  for (const [locale, body] of Object.entries(t.bodies ?? {})) out.push(...checkTemplateText(body, `${path}.bodies.${locale}`, allowed));
  const keys = new Set<string>();
  (t.menu ?? []).forEach((o, j) => {
    const at = `${path}.menu[${j}]`;
    if (!/^(?:\d|[A-Z])$/.test(o.key)) out.push({ path: `${at}.key`, message: 'a menu key is one digit or one capital letter' });
    if (keys.has(o.key)) out.push({ path: `${at}.key`, message: `option "${o.key}" appears twice` });
    keys.add(o.key);
    if (!MENU_ACTIONS.includes(o.action)) out.push({ path: `${at}.action`, message: `unknown action "${o.action}"` });
  });
  if (t.menuTtlMinutes !== undefined && !(t.menuTtlMinutes > 0)) out.push({ path: `${path}.menuTtlMinutes`, message: 'must be positive' });
  return out;
}

/** One admin rule, checked against the rest of the ruleset (templates it names, menus it waits on). */
export function validateRule(rule: RuleDef, source: RulesetSource): Problems {
  const out: Problems = [];
  const at = (f: string) => `rules.${rule.id}.${f}`;
  if (!rule.name?.trim()) out.push({ path: at('name'), message: 'a name is required' });
  if (!Number.isFinite(rule.priority)) out.push({ path: at('priority'), message: 'priority must be a number' });
  if (!RULE_ACTIONS.includes(rule.action)) out.push({ path: at('action'), message: `a rule cannot take action "${rule.action}"` });
  const patterns = rule.match?.patterns ?? [];
  if (patterns.length === 0) out.push({ path: at('match.patterns'), message: 'at least one pattern is required' });
  patterns.forEach((p, i) => out.push(...checkPattern(rule, p, at(`match.patterns[${i}]`))));
  if (rule.reply !== undefined && rule.replyTemplate !== undefined) out.push({ path: at('reply'), message: 'give a reply text or a template, not both' });
  if (rule.reply !== undefined) out.push(...checkTemplateText(rule.reply, at('reply')));
  if (rule.replyTemplate !== undefined && !source.templates.some((t) => t.key === rule.replyTemplate)) out.push({ path: at('replyTemplate'), message: `no template "${rule.replyTemplate}"` });
  if (rule.action === 'faq' && rule.reply === undefined && rule.replyTemplate === undefined) out.push({ path: at('reply'), message: 'a FAQ rule needs a reply' });
  rule.addTags?.forEach((tag, i) => {
    if (!tag?.trim() || tag.length > 50) out.push({ path: at(`addTags[${i}]`), message: 'a tag has 1 to 50 characters' });
  });
  const menu = rule.conditions?.awaitingMenu;
  if (menu && !source.templates.some((t) => t.key === menu && t.menu?.length)) out.push({ path: at('conditions.awaitingMenu'), message: `no template "${menu}" with a menu` });
  const hours = rule.conditions?.businessHours;
  if (hours && hours !== 'open' && hours !== 'closed') out.push({ path: at('conditions.businessHours'), message: 'expected "open" or "closed"' });
  return out;
}

function checkPattern(rule: RuleDef, pattern: string, path: string): Problems {
  if (!pattern?.trim()) return [{ path, message: 'empty pattern' }];
  switch (rule.match.kind) {
    case 'regex': {
      const problem = adminRegexProblem(pattern);
      return problem ? [{ path, ...problem }] : [];
    }
    case 'fuzzy': {
      const key = matchKey(pattern);
      const tooShort = /^\p{Script=Han}+$/u.test(key) ? key.length < 2 : key.length < 5;
      return tooShort ? [{ path, message: 'fuzzy patterns need at least 2 Chinese characters or 5 letters; short words confuse' }] : [];
    }
    case 'intent':
      return isIntentName(pattern) ? [] : [{ path, message: `unknown intent "${pattern}"; known: ${INTENTS.join(', ')}` }];
    case 'exact': case 'contains':
      return matchKey(pattern) ? [] : [{ path, message: 'the pattern has no letters or digits' }];
    default:
      return [{ path: path.replace(/\.patterns\[\d+\]$/, '.kind'), message: `unknown match kind "${rule.match.kind as string}"` }];
  }
}

/**
 * Everything compileRuleset checks, in the same code the admin editor calls. Errors stop compilation; conflicts
 * between rules are warnings here (the editor rejects them at save time via findConflicts).
 */
export function validateRuleset(source: RulesetSource): Problems {
  const out: Problems = [...validateSettings(source.settings)];
  const keys = new Set<string>();
  source.templates.forEach((t, i) => {
    if (keys.has(t.key)) out.push({ path: `templates[${i}].key`, message: `template "${t.key}" appears twice` });
    keys.add(t.key);
    out.push(...validateTemplate(t, i));
  });
  for (const [key, spec] of Object.entries(SYSTEM_TEMPLATES)) {
    const t = source.templates.find((x) => x.key === key);
    if (!t) out.push({ path: 'templates', message: `template "${key}" is required: the bot replies with it` });
    else if (spec.menu && !t.menu?.length) out.push({ path: `templates.${key}.menu`, message: 'this template must declare its menu' });
  }
  const ids = new Set<string>();
  for (const rule of source.rules) {
    if (ids.has(rule.id)) out.push({ path: `rules.${rule.id}.id`, message: 'duplicate rule id' });
    ids.add(rule.id);
    out.push(...validateRule(rule, source));
  }
  const over = overRegexBudget(source.rules);
  if (over) {
    out.push({
      path: `rules.${over.rule.id}.match.patterns[${over.index}]`,
      message: `the regex rules together are too large (${over.total} steps, at most ${MAX_TOTAL_PROGRAM_SIZE}): every message is matched against all of them; shorten or merge patterns`,
    });
  }
  source.intentPhrases.forEach((p, i) => {
    if (!isIntentName(p.intent)) out.push({ path: `intentPhrases[${i}].intent`, message: `unknown intent "${p.intent}"; known: ${INTENTS.join(', ')}` });
    if (!p.text?.trim()) out.push({ path: `intentPhrases[${i}].text`, message: 'empty phrase' });
  });
  for (const c of findConflicts(source.rules)) out.push({ path: `rules.${c.ruleId}`, message: c.message, severity: 'warning' });
  const phoneUsed = source.templates.some((t) => Object.values(t.bodies ?? {}).some((b) => b.includes('business.phone')));
  if (phoneUsed && !source.settings?.businessPhone?.trim()) {
    out.push({ path: 'settings.businessPhone', message: 'templates give the clinic\'s phone number (urgent_ack): set one, or they send an empty one', severity: 'warning' });
  }
  return out;
}
