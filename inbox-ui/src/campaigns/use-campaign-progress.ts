import { io, type Socket } from 'socket.io-client';
import { onBeforeUnmount, onMounted, ref } from 'vue';
import type { CampaignProgress } from '../../../server/campaigns/campaign-contract';
import type { ClientToServerEvents, ServerToClientEvents } from '../../../server/inbox/socket-contract';
import { SOCKET_OPTIONS } from '../socket-options';

/** At most one re-read of a campaign that is not running in this long, however many texts arrive meanwhile. */
const REREAD_EVERY_MS = 3_000;

/**
 * A campaign's progress as the server publishes it (`campaign:progress` to the admins' room, about every 3 s while it
 * runs and at each status change). `onProgress` gets this campaign's; `connected` says whether the figures are live.
 * After a reconnect `reread` re-reads the campaign, so nothing missed meanwhile stays missing. The server stops
 * publishing once a campaign is done or paused, yet replies, opt-outs and bookings keep coming: so while
 * `quiet()` (the campaign is not running), any conversation's news re-reads it, at most every 3 s. `heard()` counts
 * this campaign's events, so that a read answered after one of them can tell it may be older than what it heard.
 */
export function useCampaignProgress(campaignId: number, onProgress: (p: CampaignProgress) => void, reread: () => void, quiet: () => boolean) {
  const connected = ref(false);
  const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(SOCKET_OPTIONS);
  let seenOnce = false;
  socket.on('connect', () => { connected.value = true; if (seenOnce) reread(); seenOnce = true; });
  socket.on('disconnect', () => { connected.value = false; });
  let heard = 0;
  socket.on('campaign:progress', (p) => { if (p.campaignId === campaignId) { heard++; onProgress(p); } });
  let timer: ReturnType<typeof setTimeout> | null = null;
  socket.on('conversation:updated', () => {
    if (!quiet() || timer) return;
    timer = setTimeout(() => { timer = null; reread(); }, REREAD_EVERY_MS);
  });
  onMounted(() => socket.connect());
  onBeforeUnmount(() => { socket.disconnect(); if (timer) clearTimeout(timer); });
  return { connected, heard: () => heard };
}
