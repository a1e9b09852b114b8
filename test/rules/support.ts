import { compileRuleset, menuFor, type Ruleset } from '../../rules';
import type { Awaiting, Decision, Effect, EvaluateInput, RulesetSource } from '../../rules/types';
import { defaultRulesetSource } from '../../server/db/seed/rules-defaults';

/** Saturday 22 Nov 2025, 10:00 in Shanghai: the clinic is open. */
export const NOW = '2025-11-22T02:00:00.000Z';
/** Saturday 21:00 in Shanghai: closed until Monday 09:00. */
export const AFTER_HOURS = '2025-11-22T13:00:00.000Z';

/** cancel_or_stop is for table tests only: the question a bare 取消 gets. */
export type ContextName = 'reminder' | 'csat' | 'slot' | 'none' | 'cancel_or_stop';
const MENUS: Record<Exclude<ContextName, 'none'>, string> = { reminder: 'appointment_reminder', csat: 'csat_survey', slot: 'reschedule_offer', cancel_or_stop: 'cancel_or_stop' };

export interface EngineCase {
  description: string;
  text: string;
  context?: ContextName;
  /** The menu was sent this many minutes before `now` (default 5); past its TTL it has expired. */
  sentMinutesAgo?: number;
  now?: string;
  timezone?: string;
  optedOut?: boolean;
  tags?: string[];
  locale?: string;
  handledBy?: 'bot' | 'human';
  /** The contact has never texted before. */
  firstMessage?: boolean;
  expected: {
    action: string;
    params?: Record<string, unknown>;
    /** Keys that must be absent from params. */
    noParams?: string[];
    stage?: string;
    ruleId?: string;
    intent?: string;
    effects?: Effect[];
    effectTypes?: string[];
    replyTemplate?: string | null;
    botWouldHave?: string;
    replyScript?: 'traditional' | 'simplified';
  };
}

let cached: Ruleset | undefined;
export function defaultRuleset(): Ruleset {
  cached ??= compileRuleset(defaultRulesetSource);
  return cached;
}

export function cloneSource(): RulesetSource {
  return JSON.parse(JSON.stringify(defaultRulesetSource)) as RulesetSource;
}

export function awaitingFor(ruleset: Ruleset, context: ContextName | undefined, now: string, sentMinutesAgo = 5): Awaiting | undefined {
  if (!context || context === 'none') return undefined;
  const sentAt = new Date(new Date(now).getTime() - sentMinutesAgo * 60_000).toISOString();
  return menuFor(ruleset, MENUS[context], sentAt);
}

export function inputFor(ruleset: Ruleset, c: Omit<EngineCase, 'expected' | 'description'>): EvaluateInput {
  const now = c.now ?? NOW;
  const awaiting = awaitingFor(ruleset, c.context, now, c.sentMinutesAgo);
  return {
    text: c.text, now, timezone: c.timezone ?? 'Asia/Shanghai',
    contact: { optedOut: c.optedOut ?? false, tags: c.tags ?? [], locale: c.locale ?? 'zh-CN' },
    conversation: { handledBy: c.handledBy ?? 'bot', ...(awaiting ? { awaiting } : {}), ...(c.firstMessage ? { firstMessage: true } : {}) },
  };
}

export function firstReplyTemplate(d: Decision): string | null {
  const reply = d.effects.find((e) => e.type === 'reply' || e.type === 'reply_text');
  if (!reply) return null;
  return reply.type === 'reply' ? reply.template : `text:${reply.ruleId}`;
}
