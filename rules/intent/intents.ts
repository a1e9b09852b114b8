import type { Action, HandoffReason } from '../types';

/**
 * The intents training phrases may name, and what each means as an action. `ack` (好的, ok, 👍) is a yes: it
 * confirms only while a menu that offers confirmation is awaiting an answer; elsewhere it is just acknowledged.
 */
export const INTENTS = [
  'confirm', 'reschedule', 'cancel', 'handoff', 'complaint', 'question', 'opt_out', 'opt_in', 'help', 'csat', 'ack', 'thanks',
] as const;
export type IntentName = (typeof INTENTS)[number];

export function isIntentName(name: string): name is IntentName {
  return (INTENTS as readonly string[]).includes(name);
}

export interface IntentMeaning { action: Action; reason?: HandoffReason }

/**
 * `menuActions` are the live menu's actions (empty with no menu). A bare yes to a menu that offers no
 * confirmation ("好的" to a list of slots) answers nothing, so the customer is asked to choose.
 */
export function meaningOf(intent: IntentName, menuActions: Action[]): IntentMeaning {
  switch (intent) {
    case 'confirm': return { action: 'appointment.confirm' };
    case 'reschedule': return { action: 'appointment.reschedule' };
    case 'cancel': return { action: 'appointment.cancel' };
    case 'handoff': return { action: 'handoff', reason: 'requested' };
    case 'complaint': return { action: 'handoff', reason: 'complaint' };
    // A question the bot has no canned answer for (FAQ rules ran before): a person answers it.
    case 'question': return { action: 'handoff', reason: 'no_match' };
    case 'opt_out': return { action: 'opt_out' };
    case 'opt_in': return { action: 'opt_in' };
    case 'help': return { action: 'help' };
    case 'ack':
      if (menuActions.includes('appointment.confirm')) return { action: 'appointment.confirm' };
      return { action: menuActions.length > 0 ? 'clarify' : 'ack' };
    // A rating without a number outside a survey, or inside one after the score parser found none: nothing to record.
    case 'csat': case 'thanks': return { action: 'ack' };
  }
}
