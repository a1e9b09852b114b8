import { apiRequest } from '../shared/api';
import type { Command } from '../../../server/appointments/command-names';

export interface CalendarContact { id: number; name: string | null; phone: string; /** The contact's thread (none until they first text or are texted). */ conversationId?: number | null }
export interface HistoryEntry { kind: string; actor: string; fromStatus: string | null; toStatus: string; fromStartsAt: string | null; toStartsAt: string; at: string }
export interface CalendarAppointment {
  id: number; contactId: number; serviceId: number | null; service: string; staffId: number | null; locationId: number | null;
  startsAt: string; endsAt: string; status: string; actions: Command[]; source: string;
  contact?: CalendarContact | null; staffName?: string | null; history?: HistoryEntry[];
}
export interface Capacity {
  now: string;
  location: { id: number | null; name: string; timezone: string; capacity: number; slotMinutes: number };
  weeklyHours: Record<string, Array<[string, string]>>;
  closedDates: string[];
  days: Array<{ date: string; closed: boolean; periods: Array<{ startsAt: string; endsAt: string }> }>;
  slots: Array<{ startsAt: string; endsAt: string; free: number }>;
}
export interface Named { id: number; name: string }
export interface LocationOption extends Named { timezone: string }
export interface StaffOption extends Named { locationId: number | null; active: boolean }
export interface ServiceOption extends Named { durationMin: number; locationIds: number[]; staffIds: number[] }
export interface BookingRequest { contactId?: number; contactPhone?: string; serviceId: number; startsAt: string; staffId?: number; locationId?: number }

const query = (q: Record<string, string | number | undefined | null>) =>
  new URLSearchParams(Object.entries(q).filter(([, v]) => v != null && v !== '').map(([k, v]) => [k, String(v)]));

/** The REST calls of the calendar and its booking dialog (server/appointments/). */
export const calendarApi = {
  appointments: (q: { from: string; to: string; locationId?: number | null; staffId?: number | null }) =>
    apiRequest<{ items: CalendarAppointment[]; truncated: boolean }>(`/api/appointments?${query(q)}`),
  appointment: (id: number) => apiRequest<CalendarAppointment>(`/api/appointments/${id}`),
  capacity: (q: { from: string; to: string; locationId?: number | null; staffId?: number | null; serviceId?: number | null }) =>
    apiRequest<Capacity>(`/api/calendar/capacity?${query(q)}`),
  locations: () => apiRequest<{ items: LocationOption[] }>('/api/locations'),
  staff: () => apiRequest<{ items: StaffOption[] }>('/api/staff'),
  services: () => apiRequest<{ items: ServiceOption[] }>('/api/services'),
  /** `q` is a name or a phone; the contacts route also answers `phone=` alone, so a typed number always works. */
  findContacts: (text: string) => {
    const looksLikePhone = /^[+\d][\d\s-]{4,}$/.test(text.trim());
    return apiRequest<{ items: CalendarContact[] }>(`/api/contacts?${query(looksLikePhone ? { phone: text.trim() } : { q: text.trim() })}`);
  },
  book: (body: BookingRequest) => apiRequest<CalendarAppointment>('/api/appointments', { method: 'POST', body: { ...body, source: 'agent' } }),
  command: (id: number, command: Command, body: object = {}) => apiRequest<CalendarAppointment>(`/api/appointments/${id}/${command}`, { method: 'POST', body }),
};
