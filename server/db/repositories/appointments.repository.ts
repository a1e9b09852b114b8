import { In, MoreThan, Repository, type EntityManager } from 'typeorm';
import { ACTIVE_STATUSES, Appointment } from '../entities';

/** Every query of the appointments table that more than one place needs. */
export class AppointmentRepository extends Repository<Appointment> {
  /** The contact's coming visits still on (booked or confirmed), soonest first. */
  upcomingFor(contactId: number, now: Date, limit: number): Promise<Appointment[]> {
    return this.find({ where: { contactId, status: In(ACTIVE_STATUSES), startsAt: MoreThan(now) }, order: { startsAt: 'ASC' }, take: limit });
  }

  /** The contact's next visit: what an agent's template variables ({{appointment.when}} …) refer to. */
  async nextFor(contactId: number, now: Date): Promise<Appointment | null> {
    return (await this.upcomingFor(contactId, now, 1))[0] ?? null;
  }
}

/** The appointments table through `em` (a transaction's, or the data source's manager). */
export const appointmentsIn = (em: EntityManager) => new AppointmentRepository(Appointment, em);
