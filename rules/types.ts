/**
 * The contract between the pure rules engine and the server shell.
 * Everything here is plain data: JSON in, JSON out, so decisions can be stored, shown to agents and replayed.
 */
import type { DayHours, Period } from './dates/periods';
import type { RegexIssue } from './keywords/regex-issue';

/** What the customer meant, as one verb. `params` on the decision carries its details. */
export type Action =
  | 'appointment.confirm'
  | 'appointment.reschedule'
  | 'appointment.cancel'
  | 'appointment.book'
  | 'slot.choose'
  | 'csat.record'
  | 'opt_out'
  | 'opt_in'
  | 'help'
  | 'faq'
  | 'ack'
  | 'handoff'
  | 'ignore'
  /** A menu choice that is not on the menu: ask again (menu_clarify) rather than guess. Never from a rule. */
  | 'clarify'
  /** Which appointment the customer means ("A" to appointment_choose): ask whether to confirm or move that one. */
  | 'appointment.check';

export const ACTIONS: readonly Action[] = [
  'appointment.confirm', 'appointment.reschedule', 'appointment.cancel', 'appointment.book', 'slot.choose',
  'csat.record', 'opt_out', 'opt_in', 'help', 'faq', 'ack', 'handoff', 'ignore', 'clarify',
  'appointment.check',
];

/**
 * Actions a keyword rule cannot take: they need a value only a menu answer carries (which slot, which score, which
 * appointment) or are the engine's own way of asking again.
 */
const NOT_FOR_RULES: readonly Action[] = ['slot.choose', 'csat.record', 'clarify', 'appointment.check'];
export const RULE_ACTIONS: readonly Action[] = ACTIONS.filter((a) => !NOT_FOR_RULES.includes(a));
/** What a template's menu option may do: anything but asking again, which is what an off-menu answer gets. */
export const MENU_ACTIONS: readonly Action[] = ACTIONS.filter((a) => a !== 'clarify');

/** Actions that change something for the customer; a wrong one costs far more than a hand-off. */
export const SIDE_EFFECTING_ACTIONS: readonly Action[] = [
  'appointment.confirm', 'appointment.reschedule', 'appointment.cancel', 'appointment.book', 'slot.choose',
  'csat.record', 'opt_out', 'opt_in',
];

export type Stage = 'compliance' | 'awaiting-reply' | 'urgent' | 'greeting' | 'keywords' | 'intent' | 'handoff' | 'human';

export type HandoffReason =
  | 'requested'        // the customer asked for a person (人工, 0 on the reminder menu, "agent")
  | 'no_match'         // nothing understood the text
  | 'low_confidence'   // the classifier was unsure (below threshold or margin)
  | 'out_of_menu'      // a choice that is not on the menu that was sent
  | 'low_score'        // a satisfaction score of 3 or less
  | 'complaint'
  | 'rule'             // an admin rule whose action is handoff
  | 'error'            // the pipeline failed on this text (a bug, a template that cannot render): a person reads it
  | 'urgent'           // pain, bleeding, swelling, an emergency: a person answers first, at any hour
  | 'question'         // a menu answer came with a question ("1，另外想问下…"): the answer is done, a person answers the rest
  | 'campaign';        // the customer chose a campaign menu's "talk to a person" option (decision.campaignId names it)

// ---------------------------------------------------------------------------------------------------------
// Configuration the engine is compiled from (all of it lives in the database and is edited by admins).

/** One answer a templated message asks for: "确认请回复1" declares { key: '1', action: 'appointment.confirm' }. */
export interface MenuOption {
  key: string;           // '1', '0', 'A' — upper-case letters, ASCII digits
  action: Action;
  label?: string;        // "确认" — shown to agents and admins
}

export interface TemplateDef {
  key: string;                      // 'appointment_reminder'
  /** Handlebars text per locale ('zh-CN', 'en', …); the contact's locale picks one, falling back to 'zh-CN'. */
  bodies: Record<string, string>;
  /** Declared when the message asks the customer to answer from a menu. */
  menu?: MenuOption[];
  /** How long the menu stays answerable after the message is sent (default 72 hours). */
  menuTtlMinutes?: number;
}

export const MATCH_KINDS = ['exact', 'contains', 'regex', 'fuzzy', 'intent'] as const;
export type MatchKind = (typeof MATCH_KINDS)[number];

export interface RuleDef {
  id: string;
  name: string;
  enabled: boolean;
  /** Higher wins among rules of equal specificity. */
  priority: number;
  /** For kind 'intent', patterns are intent names. */
  match: { kind: MatchKind; patterns: string[] };
  conditions?: {
    businessHours?: 'open' | 'closed';
    tagsAny?: string[];
    awaitingMenu?: string;   // only while this template's menu is awaiting an answer
  };
  action: Action;
  /** Inline Handlebars reply text, or a template key; at most one. */
  reply?: string;
  replyTemplate?: string;
  /** Tags the contact gets when the rule matches, whatever its action ("WANT100" → tag want100, seed 004). */
  addTags?: string[];
}

export interface IntentPhrase {
  intent: string;
  text: string;
  /** Held-out phrases are not trained on; they measure accuracy after each retrain. */
  heldOut?: boolean;
}

export interface WeeklyHours {
  /**
   * ISO weekday 1 (Monday) … 7 (Sunday) → periods [[open, close], …] as 'HH:MM' (a gap is a break), or absent when
   * closed. Settings saved before several periods a day hold one [open, close] pair; periodsOf reads both.
   */
  [isoWeekday: string]: DayHours | undefined;
}

/**
 * A make-up workday (调休上班): the business opens on `date` with the periods of the weekday it stands in for
 * (`weekday`, ISO 1 = Monday … 7 = Sunday) or with its own `periods`; exactly one of the two.
 * @example { date: '2026-02-28', weekday: 1 } // the Saturday after 春节 works as a Monday
 */
export interface MakeUpWorkday {
  date: string;
  weekday?: number;
  periods?: Period[];
}

export interface Settings {
  timezone: string;                              // 'Asia/Shanghai'
  businessHours: WeeklyHours;
  /** Local dates 'YYYY-MM-DD' the business is shut (holidays such as 春节), in `timezone`. */
  closedDates?: string[];
  /** 调休: local dates that open although their weekday is normally off (a Saturday worked for a holiday week). */
  makeUpWorkdays?: MakeUpWorkday[];
  quietHours: { start: string; end: string };    // '21:00' → '08:00' local: no reminders in between
  intentThreshold: number;                       // calibrated probability, e.g. 0.5
  intentMargin: number;                          // over the runner-up, e.g. 0.15
  businessName: string;                          // '示例口腔诊所'
  /** The inbox's, not the engine's: automatic assignment gives an agent at most this many open conversations (absent: 8). */
  assignmentCap?: number;
  /** The clinic's phone number, for replies that must give one (urgent_ack): '0571-8888 0000'. */
  businessPhone?: string;
  /** Words that make a text urgent (pain, bleeding, swelling, emergency); absent: DEFAULT_URGENT_KEYWORDS. */
  urgentKeywords?: string[];
  /** The 【签名】 carriers require at the start of every text ('【示例诊所】'); absent or '': none. Providers that add
   *  their own (configured at the provider) skip it; see server/conversations/sms-signature.ts. */
  smsSignature?: string;
}

export interface RulesetSource {
  version: string;                 // the saved ruleset version, echoed into every trace
  rules: RuleDef[];
  templates: TemplateDef[];
  intentPhrases: IntentPhrase[];
  settings: Settings;
}

// ---------------------------------------------------------------------------------------------------------
// Evaluation.

/** The menu the conversation is waiting on: set by the server when it sends a template that declares one. */
export interface Awaiting {
  menu: string;           // template key, or `campaign:<id>` for a campaign's reply menu
  options: string[];      // the option keys that were offered, e.g. ['1','2','3','0'] or ['A','B','C']
  expiresAt: string;      // ISO instant
  /** Set when the menu is a campaign's ("回复1预约，回复2了解详情"): what each offered key does. */
  campaign?: CampaignMenu;
}

/** A campaign's reply menu: the option key the customer texts → the action it takes (issue 16). */
export interface CampaignMenu {
  campaignId: number;
  actions: Record<string, CampaignMenuAction>;
}
export type CampaignMenuAction =
  | { action: 'book'; tag?: string }       // offer the next free slots and book in the thread
  | { action: 'tag'; tag: string }         // tag the contact (seed 004: WANT100 → tag → segment)
  | { action: 'handoff'; tag?: string }    // a person answers, the campaign shown
  | { action: 'opt_in'; tag?: string };    // marketing consent given, with proof

export interface EvaluateInput {
  text: string;
  now: string;            // ISO instant; the engine never reads the clock
  timezone?: string;      // the contact's; falls back to settings.timezone
  contact: { optedOut: boolean; tags: string[]; locale: string };
  /** `firstMessage`: the contact has never texted before (an emoji-only first text gets a greeting). */
  conversation: { handledBy: 'bot' | 'human'; awaiting?: Awaiting; firstMessage?: boolean };
  /** What the shell looked up before asking (server/conversations/gather-facts.ts). Absent: the engine names the
   *  action and leaves appointment effects unresolved (table tests of meaning only); the server always passes them. */
  facts?: Facts;
}

/** An appointment as the shell found it before deciding. Plain JSON: times are ISO instants. */
export interface AppointmentFact {
  id: number;
  startsAt: string;
  endsAt: string;
  service: string;
  location: string;
  status: string;
  /** What it accepts now, by the server's clock (commandsFor): 'confirm', 'reschedule', 'cancel', 'remind', … */
  commands: string[];
}

/** A free (or no longer free) slot the appointment could move to. */
export interface SlotFact { startsAt: string }

/** Everything a decision about appointments may need, gathered in the inbound transaction. */
export interface Facts {
  /** The contact's booked or confirmed appointments that have not started, soonest first (a few at most). */
  upcoming: AppointmentFact[];
  /** The appointment the live menu was sent about (`awaitingContext.appointmentId`), whatever its status now. */
  menuAppointment?: AppointmentFact;
  /** The slots a live offer named, by letter: still free, or else the free times nearest to it. */
  offered?: Array<{ option: string; startsAt: string; free: boolean; nearest: SlotFact[] }>;
  /** A time the text names: whether it is free to move to, and the free times nearest to it. */
  requested?: { when: string; precision: 'time' | 'part_of_day' | 'day'; free: boolean; nearest: SlotFact[] };
  /** The default offer: the next free slots at the appointment's time of day, or after the last ones offered. */
  nextSlots?: SlotFact[];
  /** The appointments a live "which one?" menu (appointment_choose) named, by letter. */
  menuChoices?: Array<{ option: string; appointment: AppointmentFact }>;
  /** A new booking the conversation may make (a campaign menu offering "book", or its lettered offer awaiting). */
  booking?: BookingFacts;
}

/**
 * What a new booking by text needs: the service it is for (the contact's last visit's, else the business's first
 * active one, chosen by the shell), the next free slots for it, and the slots a live booking offer named.
 */
export interface BookingFacts {
  serviceId: number;
  service: string;
  location: string;
  /** The campaign whose menu led here, carried into every decision of the booking. */
  campaignId?: number;
  nextSlots: SlotFact[];
  offered?: Array<{ option: string; startsAt: string; free: boolean; nearest: SlotFact[] }>;
}

/** What a menu is about, kept beside it: the appointment, the slot each letter means, or the appointment each letter means. */
export interface AwaitingAbout {
  appointmentId?: number; slots?: Record<string, string>; appointments?: Record<string, number>;
  /** A new booking's offer (booking_offer): the service the letters are for, and the campaign that led to it. */
  serviceId?: number; campaignId?: number;
}

/** What the decision does to the customer's appointment; the reply says exactly this. */
export type Outcome =
  | { kind: 'confirmed' | 'cancelled'; appointmentId: number }
  | { kind: 'booked'; appointmentId: number; slot: string }
  /** A new appointment booked by text at `slot` (the shell creates it; its id is known only after). */
  | { kind: 'booked_new'; serviceId: number; slot: string }
  /** Free times offered for a new booking, by letter. */
  | { kind: 'booking_offer'; serviceId: number; slots: Array<{ option: string; startsAt: string }> }
  | { kind: 'offer'; appointmentId: number; slots: Array<{ option: string; startsAt: string }> }
  /** Nothing free to offer: a person arranges it. */
  | { kind: 'no_slot'; appointmentId: number }
  /** Nothing to act on (no upcoming appointment). */
  | { kind: 'no_appointment' }
  /** The appointment cannot take this change: the visit is over, or it is cancelled or completed. */
  | { kind: 'not_possible'; appointmentId: number; why: 'visit_over' | 'not_active' }
  | { kind: 'needs_person'; reason: HandoffReason }
  | { kind: 'score_recorded'; appointmentId?: number; score: number }
  /** A menu answer with no menu: asked which appointment, or whether to confirm or move the one there is. */
  | { kind: 'asked'; appointmentIds: number[] };

/** What an opt-out refuses: everything, or only marketing (appointment texts keep coming). */
export type ConsentScope = 'all' | 'marketing';

/** The script a Chinese reply is written in: a traditional writer, or a Hong Kong, Macau or Taiwan contact, reads traditional. */
export type ReplyScript = 'traditional' | 'simplified';

export type Effect =
  /** Send a templated SMS. `compliance` replies (opt-out/opt-in/help confirmations) may reach opted-out contacts. */
  | { type: 'reply'; template: string; vars?: Record<string, unknown>; compliance?: boolean }
  /** The inline reply text of an admin rule (already Handlebars source; rendered by the server). */
  | { type: 'reply_text'; ruleId: string; text: string }
  | { type: 'clear_awaiting' }
  | { type: 'handoff'; reason: HandoffReason }
  | { type: 'opt_out'; scope: ConsentScope }
  /** scope 'marketing': a yes to marketing (a campaign's "opt in" option, `campaignId` its proof); absent: START. */
  | { type: 'opt_in'; scope?: ConsentScope; campaignId?: number }
  | { type: 'tag'; add?: string[]; remove?: string[] }
  | {
    /** Decided with facts: confirm/cancel/move `appointmentId` (move to `startsAt`). Without facts only the meaning
     *  (reschedule/choose_slot/book, with `when`/`option`), which the server never applies. */
    type: 'appointment'; op: 'confirm' | 'cancel' | 'move' | 'reschedule' | 'choose_slot' | 'book'; when?: string; option?: string;
    appointmentId?: number; startsAt?: string;
    /** op 'book' decided with facts: a new appointment for this service at `startsAt`. */
    serviceId?: number;
    /** How exactly `when` was named: 'time' ("3点"), 'part_of_day' ("周四上午" → 09:00) or 'day' ("周四" → 09:00). */
    whenPrecision?: 'time' | 'part_of_day' | 'day';
  }
  | { type: 'csat'; score: number; appointmentId?: number }
  /** The reply just sent asks from a menu: await it, remembering what it is about (the appointment, each letter's slot). */
  | { type: 'await_reply'; awaiting: Awaiting; context: AwaitingAbout };

export interface IntentScore { name: string; score: number }

export interface TraceStep { stage: Stage; outcome: string }

export interface Trace {
  stage: Stage;                 // the stage that decided
  original: string;
  normalized: string;
  rulesetVersion: string;
  modelVersion?: string;
  ruleId?: string;
  ruleName?: string;
  intent?: IntentScore & { runnerUp?: IntentScore };
  menu?: { name: string; option?: string };
  steps: TraceStep[];           // what each stage saw, in order
  /** While a person owns the conversation: what the bot would have done, shown to the agent. */
  botWouldHave?: { stage: Stage; action: Action; params: Decision['params']; ruleId?: string; intent?: string };
}

export interface Decision {
  action: Action;
  params: { when?: string; score?: number; option?: string; reason?: HandoffReason; [key: string]: unknown };
  effects: Effect[];
  ruleId?: string;
  intent?: string;
  confidence?: number;
  /** The script Chinese replies are written in (the shell converts rendered text unless a template has a body for it). */
  replyScript?: ReplyScript;
  /** Decided from facts: what happens to the appointment (absent for texts that are not about one). */
  outcome?: Outcome;
  /**
   * The campaign this text answers: the conversation awaited that campaign's reply menu (or a booking offer it led
   * to), whatever the text then did — chose an option, opted out, or went through the usual stages. Campaign stats
   * count replies, opt-outs and bookings (outcome 'booked_new') by it.
   */
  campaignId?: number;
  trace: Trace;
}

/** A problem found while validating admin input; `path` points at the offending field. */
export interface ValidationProblem {
  path: string;
  message: string;
  /** What is wrong as data, where the check knows it (a regex that does not compile), for the editor to word. */
  issue?: RegexIssue;
  /** Absent means 'error'. Warnings (e.g. a rule shadowed by another) do not stop a ruleset from compiling. */
  severity?: 'error' | 'warning';
}

export interface RuleConflict { ruleId: string; otherRuleId: string | null; pattern: string; message: string }
