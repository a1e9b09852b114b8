import type { Appointment, AppointmentEvent } from '../db/entities';
import { commandsFor } from './appointment-commands';

/**
 * The JSON shape of an appointment in the API: ISO instants (UTC), the commands it accepts at `now` (`actions`), and
 * the history when asked for one.
 */
export function toAppointmentView(a: Appointment, now: Date, history?: AppointmentEvent[]) {
  return {
    id: a.id, contactId: a.contactId, serviceId: a.serviceId ?? null, service: a.service, staffId: a.staffId ?? null,
    locationId: a.locationId ?? null, location: a.location, startsAt: a.startsAt.toISOString(), endsAt: a.endsAt.toISOString(),
    status: a.status, actions: commandsFor(a, now), source: a.source, csatScore: a.csatScore ?? null,
    createdAt: a.createdAt.toISOString(), updatedAt: a.updatedAt.toISOString(),
    ...(history ? {
      history: history.map((e) => ({
        kind: e.kind, actor: e.actor, agentId: e.agentId, fromStatus: e.fromStatus, toStatus: e.toStatus,
        fromStartsAt: e.fromStartsAt?.toISOString() ?? null, toStartsAt: e.toStartsAt.toISOString(), detail: e.detail, at: e.at.toISOString(),
      })),
    } : {}),
  };
}
