import { In, type EntityManager } from 'typeorm';
import { Agent, Appointment, AppointmentEvent, ConsentEvent, ConversationActivity, type AppointmentActor, type AppointmentEventKind } from '../db/entities';
import type { ActivityActor, ActivityView, AppointmentActivityKind } from './activity-contract';
import { toActivityView } from './record-activity';

/** How far back a thread's lines go, per source (the thread itself shows its last 500 messages). */
const LIMIT = 300;

/** The appointment changes a thread tells; reminders, ratings and attendance stay in the contact panel's history. */
const APPOINTMENT_KINDS: Partial<Record<AppointmentEventKind, AppointmentActivityKind>> = {
  booked: 'appointment_booked', confirmed: 'appointment_confirmed', rescheduled: 'appointment_rescheduled', cancelled: 'appointment_cancelled',
};

const APPOINTMENT_ACTORS: Record<AppointmentActor, ActivityActor> = { contact: 'customer', agent: 'agent', api: 'system', system: 'system' };
/** A consent change by the customer's own keyword is theirs; a carrier's report, an import or the API is the system's. */
const consentActor = (source: ConsentEvent['source']): ActivityActor => (source === 'sms' || source === 'campaign' ? 'customer' : source === 'agent' ? 'agent' : 'system');

/**
 * A conversation's quiet lines, oldest first: its own changes of owner and status, and the appointment and consent
 * changes of its contact, each with who made them (agents by name).
 */
export async function threadActivity(em: EntityManager, conversationId: number, contactId: number): Promise<ActivityView[]> {
  const [own, appointmentEvents, consent] = await Promise.all([
    em.find(ConversationActivity, { where: { conversationId }, order: { id: 'DESC' }, take: LIMIT }),
    em.createQueryBuilder(AppointmentEvent, 'e').innerJoin(Appointment, 'a', 'a.id = e.appointment_id')
      .where('a.contact_id = :contactId', { contactId }).andWhere('e.kind IN (:...kinds)', { kinds: Object.keys(APPOINTMENT_KINDS) })
      .orderBy('e.id', 'DESC').take(LIMIT).getMany(),
    em.find(ConsentEvent, { where: { contactId }, order: { id: 'DESC' }, take: LIMIT }),
  ]);
  const agentIds = [...new Set([...own.flatMap((r) => [r.agentId, r.detail?.agentId]), ...appointmentEvents.map((e) => e.agentId)])]
    .filter((id): id is number => typeof id === 'number');
  const agents = agentIds.length ? await em.find(Agent, { where: { id: In(agentIds) }, select: { id: true, name: true } }) : [];
  const nameOf = (id: number | null | undefined) => agents.find((a) => a.id === id)?.name ?? null;

  const lines: ActivityView[] = [
    ...own.map((r) => {
      const view = toActivityView(r, nameOf(r.agentId));
      if (r.detail?.agentId) view.detail = { ...view.detail, agentName: nameOf(r.detail.agentId) };
      return view;
    }),
    ...appointmentEvents.map((e): ActivityView => ({
      id: `a${e.id}`, conversationId, kind: APPOINTMENT_KINDS[e.kind]!, actor: APPOINTMENT_ACTORS[e.actor], actorName: nameOf(e.agentId),
      detail: { startsAt: e.toStartsAt.toISOString() }, at: e.at.toISOString(),
    })),
    ...consent.map((e): ActivityView => ({
      id: `k${e.id}`, conversationId, kind: e.kind === 'opt_out' ? 'opted_out' : 'opted_in', actor: consentActor(e.source), actorName: null,
      detail: { scope: e.scope }, at: e.createdAt.toISOString(),
    })),
  ];
  // Each source was read newest first (to keep its latest); the sort is stable, so equal times keep their order.
  return lines.reverse().sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
}
