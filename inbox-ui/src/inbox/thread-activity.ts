import { ref, watch, type Ref } from 'vue';
import type { ActivityPage, ActivityView } from '../../../server/activity/activity-contract';
import { apiRequest } from '../shared/api';
import type { Inbox } from './use-inbox';

/**
 * The open thread's quiet lines (who took it over, resolved it, confirmed the visit…), kept live: a line about the
 * conversation arrives over the socket; appointment and consent changes come with a text (the customer's or the
 * confirmation SMS), so a new message in the thread re-reads them, as does every reconnect.
 */
export function useThreadActivity(socket: Inbox['socket'], conversationId: Ref<number | null>) {
  const items = ref<ActivityView[]>([]);
  const timezone = ref<string | undefined>(undefined);

  async function load(): Promise<void> {
    const id = conversationId.value;
    if (id === null) { items.value = []; return; }
    const page = await apiRequest<ActivityPage>(`/api/conversations/${id}/activity`).catch(() => null);
    if (!page || conversationId.value !== id) return;
    items.value = page.items;
    timezone.value = page.timezone;
  }

  // Several texts in a burst (the customer's and the bot's answer) need one read, not one each.
  let timer: ReturnType<typeof setTimeout> | null = null;
  const reloadSoon = () => { timer ??= setTimeout(() => { timer = null; void load(); }, 300); };

  watch(conversationId, () => { items.value = []; void load(); }, { immediate: true });
  socket.on('activity:created', (a) => {
    if (a.conversationId === conversationId.value && !items.value.some((x) => x.id === a.id)) items.value = [...items.value, a];
  });
  socket.on('message:created', (m) => { if (m.conversationId === conversationId.value) reloadSoon(); });
  socket.on('connect', () => void load());

  return { items, timezone };
}
