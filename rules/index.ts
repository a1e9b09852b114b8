/**
 * Huixin's rules engine: text plus context in, a decision with its reasons out. Pure — no I/O, no clock, no
 * environment — so the server can cache a compiled ruleset and replay any decision.
 */
export * from './types';
export { compileRuleset, RulesetError, type Ruleset } from './ruleset';
export { evaluate } from './evaluate';
export { validateRuleset, validateRule, checkTemplateText } from './validate';
export { findConflicts } from './keywords/conflicts';
export type { RegexIssue, RegexReason, RegexConstruct } from './keywords/regex-issue';
export { renderTemplate, menuFor } from './templates/render';
export { renderText } from './templates/env';
export { templateVariables, TEMPLATE_VARIABLES } from './templates/variables';
export { SYSTEM_TEMPLATES } from './templates/catalog';
export { businessStatus, reopeningLabel } from './dates/business-hours';
export { businessSeconds, periodsOnDay, type BusinessCalendar } from './dates/business-calendar';
export { byIsoWeekday, isLocalDate, periodsOf, periodsProblem, WEEKDAY_KEYS, type Period, type WeeklyPeriods, type WeekdayKey } from './dates/periods';
export { extractWhen } from './dates/extract-when';
export { INTENTS, isIntentName, meaningOf } from './intent/intents';
export { classify } from './intent/classifier';
export { normalize } from './text/normalize';
export { replyScript, inScript } from './templates/script';
export { DEFAULT_URGENT_KEYWORDS } from './stages/urgent';
export { addDays, localTime, minutesOf, zonedInstant } from './dates/zoned';
export { signatureProblem, withSignature } from './sms-signature';
