import type { EventInput } from '@fullcalendar/core';
import type { CalendarAppointment, Capacity } from './calendar-api';
import { tc } from './calendar-messages';
import { toWall } from './zone-shift';

/** Cancelled visits free their place: the calendar leaves them out rather than crowd the day. */
const HIDDEN = new Set(['cancelled']);

/** Appointments as calendar events at the location's wall-clock times, coloured by status (CSS class). */
export function appointmentEvents(items: CalendarAppointment[], timezone: string): EventInput[] {
  return items.filter((a) => !HIDDEN.has(a.status)).map((a) => ({
    id: String(a.id),
    title: `${a.contact?.name ?? a.contact?.phone ?? ''} · ${a.service}${a.staffName ? ` · ${a.staffName}` : ''}`,
    start: toWall(a.startsAt, timezone), end: toWall(a.endsAt, timezone),
    classNames: [`status-${a.status}`],
    // Only a visit that can still be moved may be dragged (the server's clock decides, through `actions`).
    editable: a.actions.includes('reschedule'),
    extendedProps: { appointment: a },
  }));
}

/** Free places per slot and closed days as background events; slots only where a day has room to show them. */
export function capacityEvents(cap: Capacity, timezone: string, withSlots: boolean): EventInput[] {
  const closed = cap.days.filter((d) => d.closed).map((d) => ({
    start: `${d.date}T00:00:00Z`, end: new Date(Date.parse(`${d.date}T00:00:00Z`) + 86_400_000), display: 'background', title: tc('closed'),
    classNames: ['closed-day'], extendedProps: { closedDate: d.date },
  }));
  const slots = withSlots ? cap.slots.map((s) => ({
    start: toWall(s.startsAt, timezone), end: toWall(s.endsAt, timezone), display: 'background',
    title: s.free > 0 ? tc('free', { n: s.free }) : tc('full'), classNames: [s.free > 0 ? 'slot-free' : 'slot-full'],
    extendedProps: { free: s.free, slot: s.startsAt },
  })) : [];
  return [...closed, ...slots];
}

/** FullCalendar's business hours from the location's weekly periods (ISO weekday 7 is its Sunday, 0). */
export function businessHours(cap: Capacity | null) {
  if (!cap) return false;
  return Object.entries(cap.weeklyHours).flatMap(([day, periods]) =>
    periods.map(([startTime, endTime]) => ({ daysOfWeek: [Number(day) % 7], startTime, endTime })));
}

/** The hours the time grid shows: from the earliest opening to the latest closing, an hour either side. */
export function visibleHours(cap: Capacity | null): { slotMinTime: string; slotMaxTime: string } {
  const all = Object.values(cap?.weeklyHours ?? {}).flat();
  if (!all.length) return { slotMinTime: '08:00', slotMaxTime: '20:00' };
  const min = Math.max(0, Math.min(...all.map(([a]) => Number(a.slice(0, 2)))) - 1);
  const max = Math.min(24, Math.max(...all.map(([, b]) => Math.ceil(Number(b.slice(0, 2)) + Number(b.slice(3)) / 60))) + 1);
  const hh = (h: number) => `${String(h).padStart(2, '0')}:00`;
  return { slotMinTime: hh(min), slotMaxTime: hh(max) };
}
