import type { AppointmentFact, Effect, Outcome } from '../types';
import { effectsFor } from '../effects';
import { menuFor } from '../templates/render';
import { parseChoice } from '../text/choice';
import { keywordCore } from '../stages/compliance';
import type { StageContext, StageDecision } from '../stages/stage';
import { formatWhen } from './format-when';
import { appointmentVars } from './vars';

/** "确认12月3日(周四) 10:00的洗牙吗？回复1确认，2改期": one appointment, bound as a menu about it. */
export const APPOINTMENT_CHECK = 'appointment_check';
/** "您有2个预约：A … B …，回复A或B": which one the customer means. */
export const APPOINTMENT_CHOOSE = 'appointment_choose';
const LETTERS = ['A', 'B', 'C'];
const CONFIRM_WORDS = new Set(['确认', '確認', '确定', '確定', '确认预约', '確認預約', 'confirm', 'confirmed']);

/** The question about one appointment: confirm it (1) or move it (2)? The menu remembers which appointment. */
export function askAbout(ctx: StageContext, appt: AppointmentFact): { outcome: Outcome; effects: Effect[] } {
  const menu = menuFor(ctx.ruleset, APPOINTMENT_CHECK, ctx.now);
  return {
    outcome: { kind: 'asked', appointmentIds: [appt.id] },
    effects: [
      { type: 'reply', template: APPOINTMENT_CHECK, vars: { appointment: appointmentVars(ctx, appt) } },
      ...(menu ? [{ type: 'await_reply' as const, awaiting: menu, context: { appointmentId: appt.id } }] : []),
    ],
  };
}

function askWhich(ctx: StageContext, open: AppointmentFact[]): { outcome: Outcome; effects: Effect[] } {
  const choices = open.slice(0, LETTERS.length).map((appointment, i) => ({ option: LETTERS[i], appointment }));
  const menu = menuFor(ctx.ruleset, APPOINTMENT_CHOOSE, ctx.now);
  const awaiting = menu && { ...menu, options: menu.options.filter((k) => !LETTERS.includes(k) || choices.some((c) => c.option === k)) };
  const appointments = choices.map((c) => ({
    option: c.option, service: c.appointment.service, when: formatWhen(new Date(c.appointment.startsAt), ctx.timezone, ctx.input.contact.locale),
  }));
  return {
    outcome: { kind: 'asked', appointmentIds: choices.map((c) => c.appointment.id) },
    effects: [
      { type: 'reply', template: APPOINTMENT_CHOOSE, vars: { count: choices.length, appointments } },
      ...(awaiting ? [{ type: 'await_reply' as const, awaiting, context: { appointments: Object.fromEntries(choices.map((c) => [c.option, c.appointment.id])) } }] : []),
    ],
  };
}

/**
 * "1", "2", "B" or "确认" with no menu open (it expired, or she remembers the reminder's digits): instead of a person
 * and a wait, ask. One upcoming appointment → confirm or move that one? Several → which one? None → what the bot
 * can do (help). A guess would act on the wrong visit; a question costs one text. Needs facts: without them (tables
 * of meaning only) the later stages read the text as before. 0 is left to them: on every menu it means a person.
 */
export function strayMenuAnswer(ctx: StageContext): StageDecision | null {
  const facts = ctx.input.facts;
  if (!facts || ctx.live) return null;
  const key = parseChoice(ctx.norm.plain);
  const answers = (key !== null && /^(?:[1-9]|[A-C])$/.test(key)) || CONFIRM_WORDS.has(keywordCore(ctx.norm.plain));
  if (!answers) return null;
  const open = facts.upcoming.filter((a) => a.commands.includes('cancel'));
  ctx.steps.push({ stage: 'awaiting-reply', outcome: `no menu is open and "${ctx.norm.plain}" answers one: ${open.length} upcoming appointment(s) → ask` });
  if (open.length === 0) return { stage: 'awaiting-reply', action: 'help', params: {}, effects: effectsFor('help', {}, ctx) };
  const asked = open.length === 1 ? askAbout(ctx, open[0]) : askWhich(ctx, open);
  return { stage: 'awaiting-reply', action: 'clarify', params: { question: open.length === 1 ? APPOINTMENT_CHECK : APPOINTMENT_CHOOSE }, ...asked };
}
