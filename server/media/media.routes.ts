import { Router, type Response } from 'express';
import { z } from 'zod';
import { requireRole } from '../auth/require-role';
import { MediaError, type FetchedMedia } from '../channels/sms-provider';
import { readStoredMedia } from '../conversations/stored-media';
import { Message } from '../db/entities';
import type { AppDeps } from '../deps';
import { HttpError } from '../http/errors';
import { idText } from '../http/query-schemas';
import { parseInput } from '../http/validate';
import { INLINE_IMAGE_TYPES } from '../inbox/socket-contract';
import { MediaCache } from './media-cache';
import { mediaProviderFor } from './media-provider';

export const mediaParams = z.object({ id: idText, index: z.string().regex(/^\d{1,3}$/, 'must be a whole number').transform(Number) });
/** Types worth their own Content-Type on a download (a player or viewer opens them); anything else is bytes. */
const DOWNLOAD_TYPES = /^(image\/(heic|heif)|audio\/[\w.+-]+|video\/[\w.+-]+|application\/pdf)$/;
const CACHE_BYTES = 64 * 1024 * 1024;

const notFound = () => new HttpError(404, 'media_not_found', 'This message has no media at that index');

/**
 * A customer's picture, fetched by the server with the provider's credentials and handed to a signed-in agent from
 * Huixin's own origin: the browser never learns or loads the provider's URL. Only the web's safe picture types are
 * shown inline; everything else (SVG, which can script, HEIC, audio, video) is a download, and every answer carries a
 * policy that forbids the file from running or loading anything.
 */
export function mediaRoutes(deps: AppDeps): Router {
  const router = Router();
  const cache = new MediaCache(CACHE_BYTES);
  const limits = { maxBytes: deps.config.MEDIA_MAX_BYTES, timeoutMs: deps.config.MEDIA_TIMEOUT_MS };

  router.get('/messages/:id/media/:index', requireRole(deps.sessions), async (req, res) => {
    const { id, index } = parseInput(mediaParams, req.params);
    const message = await deps.ds.manager.findOneBy(Message, { id });
    if (!message || message.direction !== 'in') throw notFound();
    const stored = readStoredMedia(message.media)[index];
    if (!stored) throw notFound();
    const key = `${id}/${index}`;
    const media = cache.get(key) ?? await fetchFromProvider(deps, message, stored.url, limits);
    cache.set(key, media);
    send(res, media, `message-${id}-${index}`);
  });
  return router;
}

/** With the credentials of the channel the message arrived on: another channel's account would be refused. */
async function fetchFromProvider(deps: AppDeps, message: Message, url: string, limits: { maxBytes: number; timeoutMs: number }): Promise<FetchedMedia> {
  const providerName = message.provider;
  const provider = await mediaProviderFor(deps, message);
  if (!provider?.fetchMedia) {
    // Not a failure a retry could mend, so a 404 rather than a 502.
    throw new HttpError(404, 'media_not_found', `This media came through ${providerName}, which is not the provider of its channel now`);
  }
  try {
    return await provider.fetchMedia(url, limits);
  } catch (err) {
    if (!(err instanceof MediaError)) throw err;
    if (err.reason === 'not_found') throw new HttpError(404, 'media_not_found', `The provider no longer has this media: ${err.message}`);
    if (err.reason === 'too_large') throw new HttpError(502, 'media_too_large', `${err.message}; Huixin does not fetch it`);
    if (err.reason === 'refused') throw new HttpError(404, 'media_not_found', `The stored media URL was not fetched: ${err.message}`);
    deps.log.warn({ err: err.message, provider: providerName }, 'media fetch failed');
    throw new HttpError(502, 'media_unavailable', `The provider did not hand over this media: ${err.message}`);
  }
}

function send(res: Response, media: FetchedMedia, name: string): void {
  const type = media.contentType.split(';')[0].trim().toLowerCase();
  const inline = (INLINE_IMAGE_TYPES as readonly string[]).includes(type);
  res.set({
    'Content-Type': inline || DOWNLOAD_TYPES.test(type) ? type : 'application/octet-stream',
    'Content-Disposition': `${inline ? 'inline' : 'attachment'}; filename="${name}${extensionOf(type)}"`,
    'Cache-Control': 'private, max-age=86400',
    'X-Content-Type-Options': 'nosniff',
    // Opened on its own (a new tab), the file may not run script or load anything, even if it is a disguised SVG or HTML.
    'Content-Security-Policy': "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox",
  });
  res.send(media.bytes);
}

const EXTENSIONS: Record<string, string> = {
  'image/jpeg': '.jpg', 'image/png': '.png', 'image/gif': '.gif', 'image/webp': '.webp', 'image/heic': '.heic', 'image/heif': '.heif',
  'image/svg+xml': '.svg', 'application/pdf': '.pdf', 'audio/mpeg': '.mp3', 'audio/amr': '.amr', 'video/mp4': '.mp4', 'video/3gpp': '.3gp',
};
const extensionOf = (type: string) => EXTENSIONS[type] ?? '';
