import { io, type Socket } from 'socket.io-client';
import { computed, reactive, watchEffect } from 'vue';
import type { ViewCounts } from '../../../server/inbox/socket-contract';
import type { AgentView, ClientToServerEvents, ConversationView, ConversationViewName, MessageView, NoteView, ServerToClientEvents } from '../../../server/inbox/socket-contract';
import { session } from '../shared/session';
import { t } from '../shared/i18n';
import { describeError } from '../shared/error-text';
import { lastAsked } from '../shared/last-asked';
import { changedSince } from './changed-since';
import { inboxApi } from './inbox-api';
import { byQueueOrder, inView, isWaitingForPerson, needsAssignee } from '../../../server/conversations/conversation-state';
import { movesForward } from '../../../server/inbox/message-status';
import { nextAfter } from './list-order';
import { notifyDesktop } from './notify';
import { noFilters, type ListFilterState } from './tools-messages';
import { SOCKET_OPTIONS } from '../socket-options';

type InboxSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/**
 * The inbox's state and its live connection. A dropped socket must never lose a message on screen, so every
 * (re)connect re-reads the list and the open thread over REST; socket events are merged by id.
 */
export function useInbox() {
  const state = reactive({
    view: 'needs-person' as ConversationViewName,
    q: '',
    /** The list's label / assignee / priority / channel filters ('' is any), sent with every page. */
    filters: noFilters() as ListFilterState,
    /** Rows ticked for a bulk action. */
    checked: [] as number[],
    items: [] as ConversationView[],
    nextCursor: null as string | null,
    /** Per view: how many conversations, and how many with unread texts (the chips' badges). */
    counts: null as ViewCounts | null,
    selectedId: null as number | null,
    messages: [] as MessageView[],
    notes: [] as NoteView[],
    viewers: [] as Array<{ id: number; name: string }>,
    typing: {} as Record<number, string>,
    agents: [] as AgentView[],
    connection: 'connecting' as 'connecting' | 'online' | 'offline',
    /** First loads still pending: the list and thread show skeleton rows, never an empty "no conversations". */
    loading: { list: true, thread: false },
    error: '',
  });
  const me = () => session.agent?.id ?? 0;
  const selected = computed(() => state.items.find((c) => c.id === state.selectedId) ?? null);
  const socket: InboxSocket = io(SOCKET_OPTIONS);

  // The list shown is the one last asked for: an answer to an earlier request (another view, an older search, a page
  // of the list since replaced) that comes back after it is dropped, or it would put one view's rows under another's tab.
  const listAsked = lastAsked();
  const changes = changedSince<ConversationView>();
  async function loadList(more = false): Promise<void> {
    const isLast = listAsked.ask();
    const asked = changes.mark();
    const page = await inboxApi.conversations(state.view, state.q.trim(), more ? state.nextCursor : null, { ...state.filters })
      .finally(() => { if (isLast()) state.loading.list = false; });
    if (!isLast()) return;
    const known = new Set(state.items.map((c) => c.id));
    state.items = more ? [...state.items, ...page.items.filter((c) => !known.has(c.id))].sort(byQueueOrder) : page.items;
    state.nextCursor = page.nextCursor;
    for (const c of changes.since(asked)) place(c);
  }

  // Counts change with every text and every action, anywhere: re-read them at most once a second, not per event.
  let countsTimer: ReturnType<typeof setTimeout> | null = null;
  async function loadCounts(): Promise<void> {
    countsTimer = null;
    state.counts = await inboxApi.counts().catch(() => state.counts);
  }
  const refreshCounts = () => { countsTimer ??= setTimeout(() => void loadCounts(), 1000); };

  async function loadThread(id: number): Promise<void> {
    const asked = changes.mark();
    const [messages, notes, conv] = await Promise.all([inboxApi.messages(id), inboxApi.notes(id), inboxApi.conversation(id)])
      .finally(() => { if (state.selectedId === id) state.loading.thread = false; });
    if (state.selectedId !== id) return;
    state.messages = messages.items;
    state.notes = notes.items;
    // A change seen while the thread loaded (the agent's `e`, an event) is taken as newer than the thread's read.
    if (!changes.since(asked).some((c) => c.id === id)) upsert(conv, true);
  }

  async function select(id: number | null): Promise<void> {
    state.selectedId = id;
    state.messages = [];
    state.notes = [];
    state.viewers = [];
    state.typing = {};
    state.loading.thread = id !== null;
    const ack = await socket.timeout(5000).emitWithAck('conversation:view', { conversationId: id }).catch(() => null);
    if (ack?.ok && ack.data) state.viewers = ack.data.agents;
    if (id === null) return;
    await loadThread(id);
    const conv = selected.value;
    if (conv?.unread) upsert(await inboxApi.act(id, 'read'));
  }

  async function resync(): Promise<void> {
    try {
      await Promise.all([loadList(), loadCounts(), inboxApi.agents().then((r) => { state.agents = r.items; })]);
      if (state.selectedId) {
        await socket.timeout(5000).emitWithAck('conversation:view', { conversationId: state.selectedId }).catch(() => null);
        await loadThread(state.selectedId);
      }
      state.error = '';
    } catch (error) {
      state.error = describeError(error);
    }
  }

  /** Puts a changed conversation where the open view and its order want it. */
  function upsert(conv: ConversationView, keep = false): void {
    changes.seen(conv);
    place(conv, keep);
  }

  function place(conv: ConversationView, keep = false): void {
    const old = state.items.find((c) => c.id === conv.id);
    const merged = { ...old, ...conv, lastMessage: conv.lastMessage ?? old?.lastMessage ?? null };
    // A row that sorts below the last loaded one waits for its page: shown now it would sit out of order.
    const last = state.items[state.items.length - 1];
    const beyondLoaded = !old && !!state.nextCursor && !!last && byQueueOrder(merged, last) > 0;
    const belongs = keep || conv.id === state.selectedId || (inView(merged, state.view, me()) && (!state.q || !!old) && passesFilters(merged, !!old) && !beyondLoaded);
    const rest = state.items.filter((c) => c.id !== conv.id);
    state.items = belongs ? [...rest, merged].sort(byQueueOrder) : rest;
  }

  /** The list's filters as JS, for live rows. A row's channel is not in its view: only rows already shown stay. */
  function passesFilters(c: ConversationView, shown: boolean): boolean {
    const f = state.filters;
    if (f.label && !c.labels.includes(f.label.trim().replace(/\s+/g, ' ').toLowerCase())) return false;
    if (f.priority && (f.priority === 'none' ? c.priority !== null : c.priority !== f.priority)) return false;
    if (f.assignee && (f.assignee === 'none' ? c.assigneeId !== null : c.assigneeId !== (f.assignee === 'me' ? me() : Number(f.assignee)))) return false;
    return !f.channel || shown;
  }

  /**
   * After resolve or snooze: the conversation stays only where the open view still wants it (so it leaves 待人工 and
   * mine at once); returns the id to show next: itself when it stays, else the one below it (or above, when last)
   * in `before`, the list as it was when the agent acted (its own update, arriving first, re-sorts the row).
   */
  function finish(conv: ConversationView, before: number[]): number | null {
    if (inView(conv, state.view, me())) { upsert(conv, true); return conv.id; }
    changes.seen(conv);
    state.items = state.items.filter((c) => c.id !== conv.id);
    refreshCounts();
    return nextAfter(before, conv.id, state.items.map((c) => c.id));
  }

  /** Events can arrive out of order (a fast delivery's update before its creation, or from another node). */
  const newest = (a: MessageView, b: MessageView): MessageView =>
    movesForward(a.status, b.status) ? { ...a, ...b } : { ...a, ...b, status: a.status, errorCode: a.errorCode, errorMessage: a.errorMessage, errorReason: a.errorReason };

  function mergeMessage(m: MessageView): void {
    const item = state.items.find((c) => c.id === m.conversationId);
    if (item && (!item.lastMessage || item.lastMessage.id <= m.id)) {
      const before = item.lastMessage?.id === m.id ? item.lastMessage : null;
      const status = before && !movesForward(before.status, m.status) ? before.status : m.status;
      item.lastMessage = { id: m.id, body: m.body, direction: m.direction, origin: m.origin, status, createdAt: m.createdAt, mediaCount: m.media?.length ?? 0 };
    }
    if (m.conversationId !== state.selectedId) return;
    const i = state.messages.findIndex((x) => x.id === m.id);
    if (i >= 0) state.messages.splice(i, 1, newest(state.messages[i], m));
    else state.messages = [...state.messages, m].sort((a, b) => a.id - b.id);
  }

  const handoffsSeen = new Set<string>();
  const latestAssignee = new Map<number, number | null>();

  // One line per server event: what it does to the screen.
  socket.on('connect', () => { state.connection = 'online'; void resync(); });
  socket.on('disconnect', () => { state.connection = 'offline'; });
  socket.on('connect_error', () => { state.connection = 'offline'; });
  socket.on('conversation:updated', (c) => {
    const wasAssignedToMe = state.items.find((o) => o.id === c.id)?.assigneeId === me();
    upsert(c);
    refreshCounts();
    // A text arriving in the thread the agent is looking at is read as it lands.
    if (c.id === state.selectedId && c.unread > 0 && document.visibilityState === 'visible') void inboxApi.act(c.id, 'read').then((r) => upsert(r), () => undefined);
    const who = c.contact.name ?? c.contact.phone;
    if (c.assigneeId === me() && !wasAssignedToMe && c.handledBy === 'human') notifyDesktop(t('notifyNewConversation'), who, `conversation-${c.id}`);
    latestAssignee.set(c.id, isWaitingForPerson(c) ? c.assigneeId : -1);
    const handoff = `${c.id}@${c.waitingSince}`;
    if (needsAssignee(c) && c.waitingSince && !handoffsSeen.has(handoff)) {
      // Round-robin usually assigns within milliseconds; only a hand-off still unowned a moment later (everyone
      // busy or away) is announced to every agent, once.
      handoffsSeen.add(handoff);
      setTimeout(() => { if (latestAssignee.get(c.id) === null) notifyDesktop(t('notifyWaiting'), who, `conversation-${c.id}`); }, 3000);
    }
  });
  socket.on('message:created', (m) => {
    mergeMessage(m);
    // My customer wrote while I look elsewhere: the message events reach me as the assignee.
    const conv = state.items.find((c) => c.id === m.conversationId);
    if (m.direction === 'in' && conv?.assigneeId === me()) notifyDesktop(`回信 · ${conv.contact.name ?? conv.contact.phone}`, m.body, `conversation-${m.conversationId}`);
  });
  socket.on('message:updated', mergeMessage);
  socket.on('note:created', (n) => { if (n.conversationId === state.selectedId && !state.notes.some((x) => x.id === n.id)) state.notes = [...state.notes, n]; });
  socket.on('conversation:viewers', (v) => { if (v.conversationId === state.selectedId) state.viewers = v.agents; });
  socket.on('conversation:typing', (t) => {
    if (t.conversationId !== state.selectedId) return;
    const typing = { ...state.typing };
    if (t.typing) typing[t.agentId] = t.name; else delete typing[t.agentId];
    state.typing = typing;
  });
  socket.on('agent:presence', (p) => {
    const a = state.agents.find((x) => x.id === p.agentId);
    if (a) Object.assign(a, { online: p.online, ...(p.away !== undefined ? { away: p.away } : {}) });
    if (p.agentId === me() && p.away !== undefined && session.agent) session.agent.away = p.away;   // another tab switched it
  });
  socket.on('mention:created', (m) => notifyDesktop(`回信 · @${m.note.agentName}`, m.note.body, `note-${m.note.id}`));

  // The tab's title counts what waits on this agent (their conversations and the unowned queue with unread texts),
  // so it shows from any other tab.
  watchEffect(() => {
    const waiting = state.counts ? state.counts.mine.unread + state.counts.unassigned.unread : 0;
    document.title = waiting ? `(${waiting}) 回信 Huixin` : '回信 Huixin';
  });

  return { state, selected, socket, loadList, select, resync, upsert, finish, mergeMessage, connect: () => socket.connect(), disconnect: () => { socket.disconnect(); document.title = '回信 Huixin'; } };
}

export type Inbox = ReturnType<typeof useInbox>;
