import type { EntityManager } from 'typeorm';
import { AppointmentEvent, type Appointment, type AppointmentActor, type AppointmentEventKind, type AppointmentStatus } from '../db/entities';
import { countAppointmentEvent } from '../reports/reminder-rollups';

/** Who is changing an appointment: recorded on every history row. */
export interface Actor { kind: AppointmentActor; agentId?: number | null }

export const SYSTEM: Actor = { kind: 'system' };
export const CUSTOMER: Actor = { kind: 'contact' };

export interface Before { status: AppointmentStatus | null; startsAt: Date | null }

export const snapshot = (appt: Appointment): Before => ({ status: appt.status, startsAt: appt.startsAt });

/**
 * Appends one change to the appointment's history (called in the same transaction as the change itself), and counts
 * it in the appointment report's roll-ups there (reminder-rollups.ts).
 */
export async function recordChange(em: EntityManager, appt: Appointment, kind: AppointmentEventKind, actor: Actor, at: Date,
  before: Before = { status: null, startsAt: null }, detail: Record<string, unknown> | null = null): Promise<void> {
  const event = await em.save(em.create(AppointmentEvent, {
    appointmentId: appt.id, kind, actor: actor.kind, agentId: actor.agentId ?? null, fromStatus: before.status, toStatus: appt.status,
    fromStartsAt: before.startsAt, toStartsAt: appt.startsAt, detail, at,
  }));
  await countAppointmentEvent(em, event);
}
