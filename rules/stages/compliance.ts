import type { Action, ConsentScope } from '../types';
import { latinNearMiss, pinyinKey, pinyinNearMiss } from '../text/fuzzy';
import type { StageContext, StageDecision } from './stage';
import { complianceEffects } from '../effects';
import {
  CANCEL_WORDS, EVERYTHING, FILLER, FUZZY_LATIN_OPT_OUT, FUZZY_PINYIN_OPT_OUT, HELP_WORDS, MARKETING_ONLY, NEGATED_OPT_OUT,
  OPT_IN_WHEN_OPTED_OUT, OPT_IN_WORDS, OPT_OUT_PHRASES, OPT_OUT_WORDS, QUALIFIED_REFUSAL, STRONG_OPT_OUT,
} from './compliance-words';

type ComplianceAction = Extract<Action, 'opt_out' | 'opt_in' | 'help'>;
/** 'clarify' is the bare cancel word: the customer is asked whether they mean the visit or the texts. */
export interface ComplianceMatch { action: ComplianceAction | 'clarify'; how: 'keyword' | 'phrase' | 'typo' | 'cancel-word'; word: string; scope?: ConsentScope }

const OPT_OUT = new Set(OPT_OUT_WORDS);
const OPT_IN = new Set(OPT_IN_WORDS);
const OPT_IN_OPTED_OUT = new Set(OPT_IN_WHEN_OPTED_OUT);
const HELP = new Set(HELP_WORDS);
const CANCEL = new Set(CANCEL_WORDS);
const PINYIN_KEYS = FUZZY_PINYIN_OPT_OUT.map((w) => [w, pinyinKey(w)] as const);

/** The keyword a message is, once fillers, spaces and apostrophes are gone: "Stop all!" → "stopall". */
export function keywordCore(plain: string): string {
  let core = plain.replace(/[?]/g, ' ').trim();
  for (let i = 0; i < 3; i++) {
    const next = core.replace(FILLER, '').trim();
    if (next === core || next === '') break;
    core = next;
  }
  // "stop stop stop" is one keyword said louder.
  const words = core.split(/\s+/);
  if (words.length > 1 && words.every((w) => w === words[0])) core = words[0];
  return core.replace(/[\s'-]/g, '');
}

function typo(core: string): string | undefined {
  if (/^[a-z]+$/.test(core)) return FUZZY_LATIN_OPT_OUT.find((w) => latinNearMiss(core, w));
  if (/^\p{Script=Han}{2}$/u.test(core)) return PINYIN_KEYS.find(([w, key]) => pinyinNearMiss(core, w, key))?.[0];
  return undefined;
}

/** A sentence-level opt-out ("不要再给我发短信了", "stop texting me"): any message containing it opts out. */
export function optOutPhrase(plain: string): string | undefined {
  if (NEGATED_OPT_OUT.test(plain)) return undefined;
  if (QUALIFIED_REFUSAL.test(plain)) return STRONG_OPT_OUT.exec(plain)?.[0];
  return OPT_OUT_PHRASES.map((p) => p.exec(plain)?.[0]).find((m) => m !== undefined);
}

/** A sentence that refuses marketing only keeps appointment texts; one that also says "all texts" refuses everything. */
export function optOutScope(plain: string): ConsentScope {
  return MARKETING_ONLY.test(plain) && !EVERYTHING.test(plain) ? 'marketing' : 'all';
}

/**
 * Opt-out, opt-in and help keywords. Opt-out is checked first so "取消订阅" can never read as 订阅; typo tolerance
 * never touches one- and two-letter codes; a bare "取消"/"cancel" defers to a live appointment menu and otherwise
 * asks (a question mark makes it a question about a cancellation, which later stages hand to a person). STOP, TD,
 * 退订 and the rest stay immediate opt-outs, always.
 */
export function matchCompliance(plain: string, optedOut: boolean, appointmentMenuLive: boolean): ComplianceMatch | null {
  const core = keywordCore(plain);
  if (CANCEL.has(core)) {
    // "取消了？" asks whether something was cancelled (a person answers); "cancel?" still asks which is meant.
    if (appointmentMenuLive || /了\s*\?/u.test(plain)) return null;
    // Someone already opted out loses nothing by a second confirmation, and is not asked about a visit by text.
    return optedOut ? { action: 'opt_out', how: 'cancel-word', word: core, scope: 'all' } : { action: 'clarify', how: 'cancel-word', word: core };
  }
  if (OPT_OUT.has(core)) return { action: 'opt_out', how: 'keyword', word: core, scope: 'all' };
  if (OPT_IN.has(core) || (optedOut && OPT_IN_OPTED_OUT.has(core))) return { action: 'opt_in', how: 'keyword', word: core };
  if (HELP.has(core)) return { action: 'help', how: 'keyword', word: core };
  const phrase = optOutPhrase(plain);
  // Refusing marketing while already refusing everything changes nothing: the confirmation says so in full.
  if (phrase) return { action: 'opt_out', how: 'phrase', word: phrase, scope: optedOut ? 'all' : optOutScope(plain) };
  const near = core.length <= 16 ? typo(core) : undefined;
  return near ? { action: 'opt_out', how: 'typo', word: near, scope: 'all' } : null;
}

export function complianceStage(ctx: StageContext): StageDecision | null {
  const match = matchCompliance(ctx.norm.plain, ctx.input.contact.optedOut, ctx.appointmentMenuLive);
  if (!match) {
    ctx.steps.push({ stage: 'compliance', outcome: 'no consent keyword' });
    return null;
  }
  ctx.steps.push({ stage: 'compliance', outcome: `${match.action}${match.scope ? ` ${match.scope}` : ''} (${match.how} "${match.word}")` });
  if (match.action === 'clarify') {
    return { stage: 'compliance', action: 'clarify', params: { question: CANCEL_OR_STOP }, effects: [{ type: 'reply', template: CANCEL_OR_STOP }] };
  }
  const params = match.scope ? { scope: match.scope } : {};
  return { stage: 'compliance', action: match.action, params, effects: complianceEffects(match.action, match.scope) };
}

/** The system template that asks "cancel the visit (1) or stop texts (2)?", bound as a menu. */
export const CANCEL_OR_STOP = 'cancel_or_stop';
