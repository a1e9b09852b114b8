import type { Direction, MessageStatus } from './simulator-types';

/** "+8613800138000" → "+86 138 0013 8000", "+14155550123" → "+1 415 555 0123"; other numbers as given. */
export function formatPhone(phone: string): string {
  const cn = /^\+86(1\d{2})(\d{4})(\d{4})$/.exec(phone);
  if (cn) return `+86 ${cn[1]} ${cn[2]} ${cn[3]}`;
  const nanp = /^\+1(\d{3})(\d{3})(\d{4})$/.exec(phone);
  return nanp ? `+1 ${nanp[1]} ${nanp[2]} ${nanp[3]}` : phone;
}

// Building a formatter costs far more than using one, and a thread formats every bubble: one pair per locale.
const formatters = new Map<string, { timeOnly: Intl.DateTimeFormat; dayAndTime: Intl.DateTimeFormat }>();
function formattersFor(locale: string) {
  let f = formatters.get(locale);
  if (!f) {
    f = {
      timeOnly: new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', hour12: false }),
      dayAndTime: new Intl.DateTimeFormat(locale, { month: 'long', day: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false }),
    };
    formatters.set(locale, f);
  }
  return f;
}

/** Today's messages show just the time, older ones the date too (the way phone messaging apps do). */
export function formatStamp(iso: string, now = new Date(), locale = 'zh-CN'): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return '';
  const f = formattersFor(locale);
  return (at.toDateString() === now.toDateString() ? f.timeOnly : f.dayAndTime).format(at);
}

/** Ten quiet minutes start a new time heading in the thread. */
export const startsNewGroup = (previousIso: string | undefined, iso: string) =>
  !previousIso || new Date(iso).getTime() - new Date(previousIso).getTime() > 10 * 60_000;

interface StatusBadge { icon: string; label: string; tone: 'muted' | 'ok' | 'bad' }

const OUTBOUND_STATUS: Record<MessageStatus, StatusBadge> = {
  received: { icon: '✓', label: '已收到 Received', tone: 'muted' },
  queued: { icon: '◷', label: '排队中 Queued', tone: 'muted' },
  held: { icon: '⏸', label: '已暂停 Held (campaign paused)', tone: 'muted' },
  sending: { icon: '◷', label: '发送中 Sending', tone: 'muted' },
  sent: { icon: '✓', label: '已发送 Sent', tone: 'muted' },
  delivered: { icon: '✓✓', label: '已送达 Delivered', tone: 'ok' },
  undelivered: { icon: '!', label: '未送达 Undelivered', tone: 'bad' },
  failed: { icon: '!', label: '发送失败 Failed', tone: 'bad' },
  refused: { icon: '⊘', label: '已拒发 Refused (opted out)', tone: 'bad' },
};

/** Huixin's messages show their delivery status; the customer's own stored texts need none. */
export function statusBadge(direction: Direction, status: MessageStatus): StatusBadge | null {
  if (direction === 'in') return null;
  return OUTBOUND_STATUS[status] ?? { icon: '?', label: status, tone: 'muted' };
}
