import type { Action, Awaiting, Decision, Effect, EvaluateInput, IntentScore, MenuOption, Outcome, Settings, Stage, TemplateDef, TraceStep } from '../types';
import type { NormalizedText } from '../text/normalize';
import type { Ruleset } from '../ruleset';

/** What every stage sees. Built once per evaluation; stages add to `steps` and never to anything else. */
export interface StageContext {
  ruleset: Ruleset;
  settings: Settings;
  input: EvaluateInput;
  norm: NormalizedText;
  /** `norm.plain` with question marks and extra spaces squeezed: what keyword patterns are compared with. */
  key: string;
  now: string;
  timezone: string;
  /** The awaited menu when it is live (not expired, and its template still declares a menu). */
  live?: { awaiting: Awaiting; template: TemplateDef; options: MenuOption[] };
  /** A live menu about an appointment: "取消" then means the appointment, not the messages. */
  appointmentMenuLive: boolean;
  /** Set by a stage that looked and decided a person should look ('low_confidence' beats 'no_match'). */
  fallback?: { reason: 'no_match' | 'low_confidence'; why: string };
  /** The classifier's best guess even when it was not acted on, so a hand-off's trace shows it. */
  intentSeen?: IntentScore & { runnerUp?: IntentScore };
  steps: TraceStep[];
}

export interface StageDecision {
  stage: Stage;
  action: Action;
  params: Decision['params'];
  effects: Effect[];
  ruleId?: string;
  ruleName?: string;
  intent?: IntentScore & { runnerUp?: IntentScore };
  menu?: { name: string; option?: string };
  /** Set once facts decided what happens to an appointment (rules/appointments/outcome.ts). */
  outcome?: Outcome;
}
