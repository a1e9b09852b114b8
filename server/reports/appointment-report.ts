import type { EntityManager } from 'typeorm';
import { pricedChannels, type PricedChannel } from './channel-prices';
import { changeRows, eventsAfterReminders, reminderRows, visitRows, type ChangeRow, type VisitRow } from './appointment-rows';
import {
  appointmentFigures, changeCounts, countVisits, reminderCounts, wasConfirmed, type AppointmentFigures, type OutcomeTally, type VisitCounts,
} from './appointment-figures';
import { byOf, judgeReminders, type Reminder } from './reminder-outcomes';
import type { Cell } from './report-csv';
import type { ReportRange } from './report-range';
import type { Definitions } from './definitions';
import { appointmentRollupCounts } from './reminder-rollups';

/** Everything the appointment section counts, row by row: the figures and every drill-down list are made from these. */
export interface AppointmentRows { reminders: Reminder[]; changes: ChangeRow[]; visits: VisitRow[]; visitCounts: VisitCounts; channels: Map<number, PricedChannel> }

/** All of them, or (for a drill-down list) only the kind of row its figure counts. The figures: appointmentFiguresIn. */
export async function appointmentRows(em: EntityManager, range: Pick<ReportRange, 'start' | 'end'>,
  only?: 'reminders' | 'changes' | 'visits'): Promise<AppointmentRows> {
  const wanted = (part: NonNullable<typeof only>) => only === undefined || only === part;
  const [rows, later, changes, visits, channels] = await Promise.all([
    wanted('reminders') ? reminderRows(em, range) : [], wanted('reminders') ? eventsAfterReminders(em, range) : [],
    wanted('changes') ? changeRows(em, range) : [], wanted('visits') ? visitRows(em, range) : [], pricedChannels(em),
  ]);
  return { reminders: judgeReminders(rows, later, channels), changes, visits, visitCounts: countVisits(visits), channels };
}

export const figuresOf = (rows: AppointmentRows): AppointmentFigures =>
  appointmentFigures(reminderCounts(rows.reminders), changeCounts(rows.changes), rows.visitCounts);

/**
 * The section's figures: from the roll-ups (reminder-rollups.ts, visit-rollups.ts) when the range's edges are whole
 * UTC hours, else counted from the rows (figuresOf) — the same numbers either way. `channels`: pricedChannels(em).
 */
export async function appointmentFiguresIn(em: EntityManager, range: Pick<ReportRange, 'start' | 'end'>, channels: Map<number, PricedChannel>): Promise<AppointmentFigures> {
  const counts = await appointmentRollupCounts(em, range, channels);
  if (!counts) return figuresOf(await appointmentRows(em, range));
  return appointmentFigures(counts.reminders, counts.changes, counts.visits);
}

/** The few numbers the page compares with the period before. */
export function headline(f: AppointmentFigures) {
  return {
    remindersSent: f.reminders.sent, answeredByText: f.reminders.answeredByText, answeredByTextRate: f.reminders.answeredByTextRate,
    cost: f.reminders.cost, confirmedNoShowRate: f.visits.confirmed.noShowRate, unconfirmedNoShowRate: f.visits.unconfirmed.noShowRate,
  };
}

export const APPOINTMENT_DEFINITIONS: Definitions = {
  remindersSent: {
    en: 'Appointment reminders whose text left in the range (the provider took it): the scheduled ones and those an agent sent.',
    zh: '本期发出的预约提醒短信（服务商已接收），含自动提醒和客服手动发送的提醒。',
  },
  notSent: {
    en: 'Reminders due in the range whose text did not leave: the customer had opted out, the send failed, or it still waits.',
    zh: '本期应发但未发出的提醒：客户已退订、发送失败或仍在排队。',
  },
  outcome: {
    en: "A reminder's outcome is the first confirmation, reschedule or cancellation of its visit after it and before the next reminder; by text = the customer's SMS reply, by staff = an agent or the clinic's system.",
    zh: '提醒的结果：提醒之后、下一条提醒之前，该预约的第一次确认、改期或取消；“短信”指客户回复短信完成，“员工”指客服或诊所系统操作。',
  },
  answeredByTextRate: {
    en: 'Reminders the customer answered by text with a confirmation, reschedule or cancellation ÷ reminders sent.',
    zh: '客户通过短信确认、改期或取消的提醒数 ÷ 发出的提醒数。',
  },
  leadTime: {
    en: 'How long before the visit the reminder was sent: under 3 h, 3–12 h, 12–36 h, 36–72 h, 72 h or more.',
    zh: '提醒发出时距离就诊的时间：3小时内、3–12小时、12–36小时、36–72小时、72小时以上。',
  },
  cost: {
    en: "SMS parts billed (the provider's receipt, else counted from the text with its signature as that provider bills) × the price per part of the channel that sent it (the campaign settings' price where the channel has none); per reminder = cost ÷ reminders sent.",
    zh: '计费条数（以服务商回执为准，否则按含签名的短信内容计算）× 发送该短信的通道的每条单价（通道未设单价时用营销设置中的单价）；每条提醒成本 = 成本 ÷ 发出的提醒数。',
  },
  changes: {
    en: 'Bookings, confirmations, reschedules and cancellations made in the range, by the customer by text or by staff.',
    zh: '本期内的预约、确认、改期和取消次数，分为客户短信操作和员工操作。',
  },
  noShowRate: {
    en: 'Visits starting in the range marked as no-show ÷ visits closed (completed or no-show), for visits confirmed before they began and for unconfirmed ones.',
    zh: '本期开始的就诊中，标记为爽约的数量 ÷ 已结束（完成或爽约）的就诊数，分已确认和未确认两组。',
  },
  language: {
    en: "Split by the contact's language (their locale).",
    zh: '按联系人的语言（locale）分组。',
  },
};

const TALLY_COLUMNS = ['sent', 'confirmedByText', 'confirmedByStaff', 'rescheduledByText', 'rescheduledByStaff', 'cancelledByText',
  'cancelledByStaff', 'noChange', 'answeredByText', 'answeredByTextRate'] as const;
const tallyCells = (t: OutcomeTally): Cell[] => [t.sent, t.confirmed.text, t.confirmed.staff, t.rescheduled.text, t.rescheduled.staff,
  t.cancelled.text, t.cancelled.staff, t.noChange, t.answeredByText, t.answeredByTextRate];

/** The section's tables as CSV exports them: the first is the default. */
export const APPOINTMENT_TABLES = ['reminders', 'lead_time', 'language', 'changes', 'visits'] as const;

export function appointmentTable(f: AppointmentFigures, table: (typeof APPOINTMENT_TABLES)[number]): { columns: string[]; rows: Cell[][] } {
  const r = f.reminders;
  switch (table) {
    case 'reminders': return { columns: [...TALLY_COLUMNS, 'notSent', 'parts', 'cost', 'costPerReminder'], rows: [[...tallyCells(r), r.notSent, r.parts, r.cost, r.costPerReminder]] };
    case 'lead_time': return { columns: ['leadTime', ...TALLY_COLUMNS], rows: r.byLeadTime.map((t) => [t.leadTime, ...tallyCells(t)]) };
    case 'language': return { columns: ['language', ...TALLY_COLUMNS], rows: r.byLanguage.map((t) => [t.language, ...tallyCells(t)]) };
    case 'changes': return { columns: ['change', 'byText', 'byStaff'], rows: Object.entries(f.changes).map(([kind, n]) => [kind, n.text, n.staff]) };
    case 'visits': return {
      columns: ['language', 'confirmed', 'visits', 'noShows', 'noShowRate'],
      rows: [{ language: '', ...f.visits }, ...f.visits.byLanguage].flatMap((v) => (['confirmed', 'unconfirmed'] as const)
        .map((group) => [v.language, group === 'confirmed', v[group].visits, v[group].noShows, v[group].noShowRate])),
    };
  }
}

/** What a drill-down asks for: the rows behind one figure, narrowed as the figure is (`outcome`, `by`, `leadTime`, …). */
export interface AppointmentDrill {
  figure: 'reminders' | 'reminders_not_sent' | 'changes' | 'visits';
  outcome?: Reminder['outcome']; by?: 'text' | 'staff'; leadTime?: Reminder['leadTime']; language?: string;
  kind?: ChangeRow['kind']; confirmed?: 'yes' | 'no'; noShow?: 'yes' | 'no';
}

const yes = (flag: 'yes' | 'no' | undefined, value: boolean) => flag === undefined || (flag === 'yes') === value;

export function remindersBehind(rows: AppointmentRows, q: AppointmentDrill): Reminder[] {
  return rows.reminders.filter((r) => (q.figure === 'reminders_not_sent' ? !r.sent : r.sent)
    && (!q.outcome || r.outcome === q.outcome) && (!q.by || r.outcomeBy === q.by)
    && (!q.leadTime || r.leadTime === q.leadTime) && (!q.language || r.language === q.language));
}

export function changesBehind(rows: AppointmentRows, q: AppointmentDrill): ChangeRow[] {
  return rows.changes.filter((c) => (!q.kind || c.kind === q.kind) && (!q.by || byOf(c.actor) === q.by));
}

export function visitsBehind(rows: AppointmentRows, q: AppointmentDrill): VisitRow[] {
  return rows.visits.filter((v) => yes(q.confirmed, wasConfirmed(v)) && yes(q.noShow, v.status === 'no_show') && (!q.language || v.language === q.language));
}
