import { z } from 'zod';
import {
  ACTIONS, type Action, type Effect, type Facts, type HandoffReason, type Outcome, type Stage, type Trace,
} from '../../rules/types';
import type { SimulateAnswer } from '../admin/simulate.routes';
import { isoInstant, type SameShape } from './common-schemas';

/**
 * POST /api/rules/simulate's answer: the engine's Decision (rules/types.ts) with the facts it was decided on and the
 * reply it would send. Each part is tied to its type in rules/types.ts, so a change to the engine's contract shows
 * up here at compile time.
 */

const action = z.enum(ACTIONS as [Action, ...Action[]]);
const stage = z.enum(['compliance', 'awaiting-reply', 'urgent', 'greeting', 'keywords', 'intent', 'handoff', 'human']);
true satisfies SameShape<typeof stage, Stage>;
const handoffReason = z.enum(['requested', 'no_match', 'low_confidence', 'out_of_menu', 'low_score', 'complaint', 'rule', 'error', 'urgent', 'question', 'campaign']);
true satisfies SameShape<typeof handoffReason, HandoffReason>;

const params = z.looseObject({ when: z.string().optional(), score: z.number().optional(), option: z.string().optional(), reason: handoffReason.optional() })
  .describe("The action's details: a time named, a score, a menu option, a hand-off's reason");

const slot = z.object({ startsAt: isoInstant });
const appointmentFact = z.object({
  id: z.number(), startsAt: isoInstant, endsAt: isoInstant, service: z.string(), location: z.string(), status: z.string(),
  commands: z.array(z.string()).describe('What it accepts now: confirm, reschedule, cancel …'),
});
const offeredSlot = z.object({ option: z.string(), startsAt: isoInstant, free: z.boolean(), nearest: z.array(slot) });
const precision = z.enum(['time', 'part_of_day', 'day']);
const facts = z.object({
  upcoming: z.array(appointmentFact), menuAppointment: appointmentFact.optional(), offered: z.array(offeredSlot).optional(),
  requested: z.object({ when: isoInstant, precision, free: z.boolean(), nearest: z.array(slot) }).optional(),
  nextSlots: z.array(slot).optional(),
  menuChoices: z.array(z.object({ option: z.string(), appointment: appointmentFact })).optional(),
  booking: z.object({
    serviceId: z.number(), service: z.string(), location: z.string(), campaignId: z.number().optional(), nextSlots: z.array(slot), offered: z.array(offeredSlot).optional(),
  }).optional(),
}).describe('What the decision was made with: the appointments and free slots found (or stated, or sampled)');
true satisfies SameShape<typeof facts, Facts>;

const campaignMenuAction = z.discriminatedUnion('action', [
  z.object({ action: z.literal('book'), tag: z.string().optional() }),
  z.object({ action: z.literal('tag'), tag: z.string() }),
  z.object({ action: z.literal('handoff'), tag: z.string().optional() }),
  z.object({ action: z.literal('opt_in'), tag: z.string().optional() }),
]);
const awaiting = z.object({
  menu: z.string(), options: z.array(z.string()), expiresAt: isoInstant,
  campaign: z.object({ campaignId: z.number(), actions: z.record(z.string(), campaignMenuAction) }).optional(),
});
const consentScope = z.enum(['all', 'marketing']);
const effect = z.discriminatedUnion('type', [
  z.object({ type: z.literal('reply'), template: z.string(), vars: z.record(z.string(), z.unknown()).optional(), compliance: z.boolean().optional() }),
  z.object({ type: z.literal('reply_text'), ruleId: z.string(), text: z.string() }),
  z.object({ type: z.literal('clear_awaiting') }),
  z.object({ type: z.literal('handoff'), reason: handoffReason }),
  z.object({ type: z.literal('opt_out'), scope: consentScope }),
  z.object({ type: z.literal('opt_in'), scope: consentScope.optional(), campaignId: z.number().optional() }),
  z.object({ type: z.literal('tag'), add: z.array(z.string()).optional(), remove: z.array(z.string()).optional() }),
  z.object({
    type: z.literal('appointment'), op: z.enum(['confirm', 'cancel', 'move', 'reschedule', 'choose_slot', 'book']), when: z.string().optional(),
    option: z.string().optional(), appointmentId: z.number().optional(), startsAt: isoInstant.optional(), serviceId: z.number().optional(), whenPrecision: precision.optional(),
  }),
  z.object({ type: z.literal('csat'), score: z.number(), appointmentId: z.number().optional() }),
  z.object({
    type: z.literal('await_reply'), awaiting,
    context: z.object({
      appointmentId: z.number().optional(), slots: z.record(z.string(), z.string()).optional(), appointments: z.record(z.string(), z.number()).optional(),
      serviceId: z.number().optional(), campaignId: z.number().optional(),
    }),
  }),
]);
true satisfies SameShape<typeof effect, Effect>;

const lettered = z.array(z.object({ option: z.string(), startsAt: isoInstant }));
const outcome = z.discriminatedUnion('kind', [
  z.object({ kind: z.enum(['confirmed', 'cancelled']), appointmentId: z.number() }),
  z.object({ kind: z.literal('booked'), appointmentId: z.number(), slot: isoInstant }),
  z.object({ kind: z.literal('booked_new'), serviceId: z.number(), slot: isoInstant }),
  z.object({ kind: z.literal('booking_offer'), serviceId: z.number(), slots: lettered }),
  z.object({ kind: z.literal('offer'), appointmentId: z.number(), slots: lettered }),
  z.object({ kind: z.literal('no_slot'), appointmentId: z.number() }),
  z.object({ kind: z.literal('no_appointment') }),
  z.object({ kind: z.literal('not_possible'), appointmentId: z.number(), why: z.enum(['visit_over', 'not_active']) }),
  z.object({ kind: z.literal('needs_person'), reason: handoffReason }),
  z.object({ kind: z.literal('score_recorded'), appointmentId: z.number().optional(), score: z.number() }),
  z.object({ kind: z.literal('asked'), appointmentIds: z.array(z.number()) }),
]).describe('What happens to the appointment, when the text is about one');
true satisfies SameShape<typeof outcome, Outcome>;

const intentScore = z.object({ name: z.string(), score: z.number() });
const trace = z.object({
  stage: stage.describe('The stage that decided'), original: z.string(), normalized: z.string(), rulesetVersion: z.string(),
  modelVersion: z.string().optional(), ruleId: z.string().optional(), ruleName: z.string().optional(),
  intent: intentScore.extend({ runnerUp: intentScore.optional() }).optional(),
  menu: z.object({ name: z.string(), option: z.string().optional() }).optional(),
  steps: z.array(z.object({ stage, outcome: z.string() })).describe('What each stage saw, in order'),
  botWouldHave: z.object({ stage, action, params, ruleId: z.string().optional(), intent: z.string().optional() }).optional()
    .describe('While a person owns the conversation: what the bot would have done'),
}).meta({ id: 'DecisionTrace' });
true satisfies SameShape<typeof trace, Trace>;

export const simulateAnswer = z.object({
  action, params, intent: z.string().optional(), confidence: z.number().optional(),
  reply: z.string().optional().describe('The first reply it would send, filled in with a sample contact and appointment'),
  ruleId: z.string().optional(), effects: z.array(effect), outcome: outcome.optional(), facts, trace,
});
true satisfies SameShape<typeof simulateAnswer, SimulateAnswer>;
