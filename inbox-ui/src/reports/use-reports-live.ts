import { io, type Socket } from 'socket.io-client';
import { onBeforeUnmount, onMounted, ref } from 'vue';
import type { ReportsServerEvents } from '../../../server/inbox/socket-contract';
import { SOCKET_OPTIONS } from '../socket-options';

/** Changes arriving together (a campaign's receipts) make one refetch: the server sends at most one event a second. */
const DEBOUNCE_MS = 300;

/**
 * The dashboard's live signal: the `/reports` namespace (server/reports/reports-namespace.ts), not the inbox's, so an
 * open dashboard never makes its viewer present for round-robin. `onChange` runs once per burst of
 * `reports:changed`, and after a reconnect (what changed meanwhile was never told).
 */
export function useReportsLive(onChange: () => void) {
  const connected = ref(false);
  const socket: Socket<ReportsServerEvents> = io('/reports', SOCKET_OPTIONS);
  let timer: ReturnType<typeof setTimeout> | null = null;
  let seenOnce = false;
  const soon = () => { timer ??= setTimeout(() => { timer = null; onChange(); }, DEBOUNCE_MS); };
  socket.on('connect', () => { connected.value = true; if (seenOnce) soon(); seenOnce = true; });
  socket.on('disconnect', () => { connected.value = false; });
  socket.on('reports:changed', soon);
  onMounted(() => socket.connect());
  onBeforeUnmount(() => { socket.disconnect(); if (timer) clearTimeout(timer); });
  return { connected };
}
