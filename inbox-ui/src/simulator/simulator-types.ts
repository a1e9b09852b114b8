import type { MediaView, MessageStatus } from '../../../server/inbox/socket-contract';

/** The simulator's server contract (server/simulator/*): REST under /api/simulator, Socket.IO namespace /simulator. */

/** 'in' = customer → Huixin, 'out' = Huixin → customer. */
export type Direction = 'in' | 'out';

export type { MessageStatus };

export interface DemoPhone { phone: string; name: string | null }

/** `media`: pictures sent with the text, shown from /api/messages/:id/media/:index like the inbox shows them. */
export interface SimMessage { id: number | string; direction: Direction; body: string; status: MessageStatus; createdAt: string; media?: MediaView[] }

/** The sample pictures the server ships (server/channels/loopback-media.ts); anything else is an upload's id. */
export const SAMPLE_PICTURES = [
  { name: 'xray', label: '牙片 X-ray' },
  { name: 'receipt', label: '收据 Receipt' },
] as const;

/** A picture chosen for the next text: a sample's name or an uploaded file's id, with what to call it meanwhile. */
export interface ChosenPicture { ref: string; label: string }

/** Server → client, for every new message in or out of the watched phone. */
export interface SmsCreatedEvent extends SimMessage { phone: string }

/** Server → client, when a message's delivery status changes. */
export interface SmsUpdatedEvent { id: number | string; phone: string; status: MessageStatus }

/** Ack of the `phone:watch` command; `phone` is the number normalised to E.164. */
export type WatchAck =
  | { ok: true; phone: string }
  | { ok: false; error: { code: string; message: string; field?: string } };
