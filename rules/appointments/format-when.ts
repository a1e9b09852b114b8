const WEEKDAYS_ZH = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'];

/**
 * "11月22日(周六) 10:00" or "Sat 22 Nov, 10:00" in the given time zone: how a customer reads an appointment time.
 * Pure (Intl only), so the engine writes the times into a reply's variables and the stored decision shows them.
 * @example formatWhen(new Date('2026-11-22T02:00:00Z'), 'Asia/Shanghai', 'zh-CN') // → '11月22日(周六) 10:00'
 */
export function formatWhen(date: Date, timezone: string, locale: string): string {
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-GB', {
    timeZone: timezone, month: 'short', day: 'numeric', weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
  }).formatToParts(date).map((p) => [p.type, p.value]));
  if (locale.startsWith('en')) return `${parts.weekday} ${parts.day} ${parts.month}, ${parts.hour}:${parts.minute}`;
  const month = new Intl.DateTimeFormat('en-US', { timeZone: timezone, month: 'numeric' }).format(date);
  const weekday = new Intl.DateTimeFormat('en-US', { timeZone: timezone, weekday: 'short' }).format(date);
  const dayIndex = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(weekday);
  return `${month}月${parts.day}日(${WEEKDAYS_ZH[dayIndex]}) ${parts.hour}:${parts.minute}`;
}
