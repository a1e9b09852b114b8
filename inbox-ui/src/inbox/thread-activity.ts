import { ref, watch, type Ref } from 'vue';
import type { ActivityPage, ActivityView } from '../../../server/activity/activity-contract';
import { apiRequest } from '../shared/api';
import type { Inbox } from './use-inbox';
import { noteAppointmentChange } from './appointment-changes';

const isAppointmentLine = (a: ActivityView) => a.kind.startsWith('appointment_');

/**
 * The open thread's quiet lines (who took it over, resolved it, confirmed the visit…), kept live: a line about the
 * conversation arrives over the socket; appointment and consent changes come with a text (the customer's or the
 * confirmation SMS), so a new message in the thread re-reads them, as does every reconnect. A new appointment line
 * (a colleague's change, the customer's by SMS) also tells the contact panel to re-read (appointment-changes.ts).
 */
export function useThreadActivity(socket: Inbox['socket'], conversationId: Ref<number | null>) {
  const items = ref<ActivityView[]>([]);
  const timezone = ref<string | undefined>(undefined);
  /** The conversation `items` were read for: the first read of a thread is not news. */
  let loadedFor: number | null = null;

  async function load(): Promise<void> {
    const id = conversationId.value;
    if (id === null) { items.value = []; return; }
    const page = await apiRequest<ActivityPage>(`/api/conversations/${id}/activity`).catch(() => null);
    if (!page || conversationId.value !== id) return;
    const known = new Set(items.value.filter(isAppointmentLine).map((a) => a.id));
    if (loadedFor === id && page.items.some((a) => isAppointmentLine(a) && !known.has(a.id))) noteAppointmentChange();
    loadedFor = id;
    items.value = page.items;
    timezone.value = page.timezone;
  }

  // Several texts in a burst (the customer's and the bot's answer) need one read, not one each.
  let timer: ReturnType<typeof setTimeout> | null = null;
  const reloadSoon = () => { timer ??= setTimeout(() => { timer = null; void load(); }, 300); };

  watch(conversationId, () => { items.value = []; void load(); }, { immediate: true });
  socket.on('activity:created', (a) => {
    if (a.conversationId !== conversationId.value || items.value.some((x) => x.id === a.id)) return;
    items.value = [...items.value, a];
    if (isAppointmentLine(a)) noteAppointmentChange();
  });
  socket.on('message:created', (m) => { if (m.conversationId === conversationId.value) reloadSoon(); });
  socket.on('connect', () => void load());

  return { items, timezone };
}
