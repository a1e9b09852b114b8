/**
 * Just enough RFC 5545 for a subscribed calendar: UTC times, escaped text, lines folded at 75 octets with CRLF.
 */
export interface CalendarEvent {
  uid: string;
  startsAt: Date;
  endsAt: Date;
  summary: string;
  description?: string;
  location?: string;
  status: 'CONFIRMED' | 'TENTATIVE' | 'CANCELLED';
  updatedAt: Date;
}

/** 20261125T020000Z: UTC with the Z suffix, so every calendar app agrees without a VTIMEZONE block. */
export const icalTime = (d: Date): string => d.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');

/** TEXT values escape backslash, semicolon, comma and newlines (RFC 5545 §3.3.11). */
export const escapeText = (s: string): string => s.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');

/**
 * Folds a content line into 75-octet pieces, continuation lines starting with a space; never splits a UTF-8
 * character (a Chinese name is 3 octets per character).
 * @example foldLine('SUMMARY:' + '洗'.repeat(30)) // → 3 lines, each ≤ 75 octets
 */
export function foldLine(line: string): string {
  const pieces: string[] = [];
  let current = '';
  let octets = 0;
  for (const ch of line) {
    const size = Buffer.byteLength(ch, 'utf8');
    const limit = pieces.length === 0 ? 75 : 74;   // continuation lines lose one octet to the leading space
    if (octets + size > limit) { pieces.push(current); current = ''; octets = 0; }
    current += ch;
    octets += size;
  }
  pieces.push(current);
  return pieces.join('\r\n ');
}

function eventLines(e: CalendarEvent, stamp: Date): string[] {
  return [
    'BEGIN:VEVENT', `UID:${e.uid}`, `DTSTAMP:${icalTime(stamp)}`, `LAST-MODIFIED:${icalTime(e.updatedAt)}`,
    `DTSTART:${icalTime(e.startsAt)}`, `DTEND:${icalTime(e.endsAt)}`, `SUMMARY:${escapeText(e.summary)}`,
    ...(e.description ? [`DESCRIPTION:${escapeText(e.description)}`] : []),
    ...(e.location ? [`LOCATION:${escapeText(e.location)}`] : []),
    `STATUS:${e.status}`, 'END:VEVENT',
  ];
}

export function renderCalendar(name: string, events: CalendarEvent[], stamp: Date): string {
  const lines = [
    'BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Huixin//Appointments//ZH', 'CALSCALE:GREGORIAN', 'METHOD:PUBLISH',
    `X-WR-CALNAME:${escapeText(name)}`, 'X-PUBLISHED-TTL:PT15M',
    ...events.flatMap((e) => eventLines(e, stamp)),
    'END:VCALENDAR',
  ];
  return lines.map(foldLine).join('\r\n') + '\r\n';
}
