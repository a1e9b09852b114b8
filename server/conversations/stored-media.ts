import type { InboundMedia } from '../channels/sms-provider';
import type { StoredMedia } from '../db/entities/message.entity';
import type { MediaView } from '../inbox/socket-contract';

/** A message's media in one shape, whether the row holds plain URLs (older rows) or URLs with content types. */
export const readStoredMedia = (media: StoredMedia[] | null): InboundMedia[] =>
  (media ?? []).map((m) => (typeof m === 'string' ? { url: m, contentType: null } : m));

/** What the browser may know of a message's media: its position and type, never its URL. */
export const toMediaViews = (media: StoredMedia[] | null): MediaView[] =>
  readStoredMedia(media).map((m, index) => ({ index, contentType: m.contentType }));
