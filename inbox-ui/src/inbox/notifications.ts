import { ref, watch, type Ref } from 'vue';
import type { NotificationPage, NotificationReadEvent, NotificationView } from '../../../server/notifications/notification-contract';
import { apiRequest } from '../shared/api';
import type { Inbox } from './use-inbox';

/** What POST /api/notifications/read accepts: some ids, everything, or everything about one conversation. */
export type ReadWhat = { ids: number[] } | { all: true } | { conversationId: number };

const PAGE = 30;

/**
 * The agent's bell: their newest notifications and how many are unread, kept live over the socket (a new one lands
 * on top; a read in another tab drops the badge here too) and re-read on every (re)connect, so a dropped socket
 * never leaves the badge wrong. Opening a conversation reads its notifications: the agent has seen what they were about.
 */
export function useNotifications(socket: Inbox['socket'], openConversation: Ref<number | null>) {
  const items = ref<NotificationView[]>([]);
  const unread = ref(0);
  const nextCursor = ref<string | null>(null);
  /** The newest arrival, for the screen reader's live region. */
  const latest = ref<NotificationView | null>(null);

  async function load(more = false): Promise<void> {
    const cursor = more ? nextCursor.value : null;
    const page = await apiRequest<NotificationPage>(`/api/notifications?${new URLSearchParams({ limit: String(PAGE), ...(cursor ? { before: cursor } : {}) })}`).catch(() => null);
    if (!page) return;
    const known = new Set(more ? items.value.map((n) => n.id) : []);
    items.value = more ? [...items.value, ...page.items.filter((n) => !known.has(n.id))] : page.items;
    unread.value = page.unread;
    nextCursor.value = page.nextCursor;
  }

  function applyRead(read: NotificationReadEvent): void {
    const ids = new Set(read.ids);
    items.value = items.value.map((n) => (ids.has(n.id) ? { ...n, read: true } : n));
    unread.value = read.unread;
  }

  async function markRead(what: ReadWhat): Promise<void> {
    const read = await apiRequest<NotificationReadEvent>('/api/notifications/read', { method: 'POST', body: what }).catch(() => null);
    if (read) applyRead(read);
  }

  socket.on('notification:created', (n) => {
    if (items.value.some((x) => x.id === n.id)) return;
    items.value = [n, ...items.value];
    unread.value += 1;
    latest.value = n;
  });
  socket.on('notification:read', applyRead);
  socket.on('connect', () => void load());

  // Any unread one may be about it, loaded on this page or not: the server knows.
  watch(openConversation, (id) => { if (id !== null && unread.value > 0) void markRead({ conversationId: id }); });

  return { items, unread, nextCursor, latest, load, markRead };
}
