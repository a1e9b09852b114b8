import { io } from 'socket.io-client';
import { computed, onBeforeUnmount, onMounted, reactive, ref } from 'vue';
import { navigateToLogin } from '../router';
import { ApiError } from '../shared/api';
import { describeError } from '../shared/error-text';
import { loadSession, session } from '../shared/session';
import { listDemoPhones, listMessages, sendAsCustomer } from './simulator-api';
import type { ChosenPicture, DemoPhone, SmsCreatedEvent, SmsUpdatedEvent, WatchAck } from './simulator-types';
import { keyOf, updateStatus, upsertMessages, type ThreadMessage } from './thread-store';
import { SOCKET_OPTIONS } from '../socket-options';

export type Connection = 'connecting' | 'online' | 'offline';

/** How long the server may take to acknowledge `phone:watch` before the connection is treated as broken. */
const WATCH_TIMEOUT_MS = 5000;

/**
 * The simulator's state: demo phones, the open thread, and a live connection to the server.
 *
 * Losing a socket event must never lose a message on screen, so every (re)connect watches the phone again and then
 * re-reads the whole thread over REST; socket events and REST answers are merged by message id.
 */
export function useSimulator() {
  const phones = ref<DemoPhone[]>([]);
  const thread = ref<ThreadMessage[]>([]);
  const state = reactive({
    /** The customer's number: as typed until the server confirms its E.164 form. */
    phone: '',
    connection: 'connecting' as Connection,
    /** Set when the server's SMS provider is not loopback; the page then explains instead of showing a phone. */
    disabledReason: '',
    error: '',
    loading: false,
  });
  const contactName = computed(() => phones.value.find((p) => p.phone === state.phone)?.name ?? null);

  const socket = io('/simulator', SOCKET_OPTIONS);
  let generation = 0; // bumped on every switch of phone, so late answers about the previous number are dropped
  let localSeq = 0;

  socket.on('connect', () => {
    state.connection = 'online';
    if (!phones.value.length) void loadPhones();
    if (state.phone) void watchAndSync();
  });
  socket.on('disconnect', () => { state.connection = 'offline'; });
  socket.on('connect_error', (error) => {
    state.connection = 'offline';
    if (error.message === 'unauthenticated') signInAgain();
  });
  socket.on('sms:created', (event: SmsCreatedEvent) => {
    if (event.phone !== state.phone) return;
    const { phone: _phone, ...message } = event;
    thread.value = upsertMessages(withoutEchoedPending(thread.value, message.direction, message.body), [message]);
  });
  socket.on('sms:updated', (event: SmsUpdatedEvent) => {
    if (event.phone === state.phone) thread.value = updateStatus(thread.value, event.id, event.status);
  });

  function showError(error: unknown): void {
    if (error instanceof ApiError && error.code === 'simulator_disabled') state.disabledReason = describeError(error);
    else if (error instanceof ApiError && error.status === 401) signInAgain();
    else state.error = describeError(error);
  }

  async function loadPhones(): Promise<void> {
    try {
      phones.value = await listDemoPhones();
      if (!state.phone && phones.value[0]) open(phones.value[0].phone);
    } catch (error) {
      showError(error);
    }
  }

  async function watchAndSync(): Promise<void> {
    const gen = generation;
    let ack: WatchAck;
    try {
      ack = await socket.timeout(WATCH_TIMEOUT_MS).emitWithAck('phone:watch', { phone: state.phone });
    } catch {
      // An unanswered watch means live updates may not arrive: reconnecting re-runs this whole sequence.
      if (gen === generation) socket.disconnect().connect();
      return;
    }
    if (gen !== generation) return;
    if (!ack.ok) return void (state.error = describeError(ack.error));
    state.phone = ack.phone;
    // Keep the number in the address bar so a reload (or a shared link) reopens this thread.
    history.replaceState(history.state, '', `${location.pathname}?phone=${encodeURIComponent(ack.phone)}`);
    await syncHistory(gen);
  }

  async function syncHistory(gen: number): Promise<void> {
    state.loading = true;
    try {
      const items = await listMessages(state.phone);
      if (gen !== generation) return;
      thread.value = upsertMessages(thread.value, items);
      state.error = '';
    } catch (error) {
      if (gen === generation) showError(error);
    } finally {
      if (gen === generation) state.loading = false;
    }
  }

  /** Show the thread of `rawPhone` (a demo number or anything typed) and follow it live. */
  function open(rawPhone: string): void {
    const phone = rawPhone.trim();
    if (!phone) return;
    generation += 1;
    Object.assign(state, { phone, error: '' });
    thread.value = [];
    if (socket.connected) void watchAndSync();
    else void syncHistory(generation);
  }

  /** Text Huixin as the customer. The bubble shows at once and settles when the server has stored it. */
  function send(text: string, pictures: ChosenPicture[] = []): void {
    const body = text.trim();
    if ((!body && !pictures.length) || !state.phone) return;
    const key = `local${++localSeq}`;
    const pending: ThreadMessage = { key, id: key, direction: 'in', body, status: 'sending', createdAt: new Date().toISOString(), pending: true, pictures };
    thread.value = [...thread.value, pending];
    void deliver(pending);
  }

  function retry(key: string): void {
    const pending = thread.value.find((m) => m.key === key && m.pending);
    if (!pending) return;
    thread.value = thread.value.map((m) => (m === pending ? { ...m, sendError: undefined } : m));
    void deliver(pending);
  }

  async function deliver(pending: ThreadMessage): Promise<void> {
    const gen = generation;
    try {
      const pictures = pending.pictures ?? [];
      const { messageId } = await sendAsCustomer(state.phone, pending.body, pictures.map((p) => p.ref));
      if (gen !== generation) return;
      const rest = thread.value.filter((m) => m.key !== pending.key);
      const alreadyShown = rest.some((m) => m.key === keyOf(messageId)); // the socket event can beat the HTTP answer
      thread.value = alreadyShown ? rest : upsertMessages(rest, [{ id: messageId, direction: 'in', body: pending.body, status: 'received', createdAt: pending.createdAt, media: pictures.map((_, index) => ({ index, contentType: null })) }]);
    } catch (error) {
      if (gen !== generation) return;
      if (error instanceof ApiError && (error.code === 'simulator_disabled' || error.status === 401)) return showError(error);
      const sendError = describeError(error);
      thread.value = thread.value.map((m) => (m.key === pending.key ? { ...m, sendError } : m));
    }
  }

  /** The session ended (logged out elsewhere, expired): log in and come back to this very thread. */
  function signInAgain(): void {
    socket.disconnect();
    session.agent = null;
    navigateToLogin();
  }

  onMounted(async () => {
    // The simulator reads and writes any customer's thread, so it is for signed-in agents; log in, then come back.
    if (!(session.agent ?? await loadSession())) return navigateToLogin();
    const fromUrl = new URLSearchParams(location.search).get('phone');
    if (fromUrl) open(fromUrl);
    void loadPhones().then(() => {
      if (!state.disabledReason) socket.connect();
    });
  });
  onBeforeUnmount(() => { socket.disconnect(); });

  return { phones, thread, state, contactName, open, send, retry };
}

/**
 * When the server announces the customer's own text before the HTTP answer arrives, drop the matching pending
 * bubble so the text is not shown twice.
 */
function withoutEchoedPending(thread: ThreadMessage[], direction: string, body: string): ThreadMessage[] {
  if (direction !== 'in') return thread;
  const echoed = thread.find((m) => m.pending && !m.sendError && m.body === body);
  return echoed ? thread.filter((m) => m !== echoed) : thread;
}
