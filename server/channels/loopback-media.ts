import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { PROJECT_ROOT } from '../shared/project-root';
import { MediaError, type FetchedMedia, type InboundMedia } from './sms-provider';

const SAMPLES_DIR = path.join(PROJECT_ROOT, 'server', 'simulator', 'sample-pictures');
/** The pictures shipped with the simulator (drawn by scripts/sample-pictures.ts). */
export const SAMPLE_PICTURES = ['xray', 'receipt'] as const;
export type SamplePicture = (typeof SAMPLE_PICTURES)[number];

export const UPLOAD_TYPES = ['image/png', 'image/jpeg'] as const;
export const MAX_UPLOAD_BYTES = 2 * 1024 * 1024;
/** All uploads together; the oldest are forgotten first. */
const MAX_KEPT_BYTES = 32 * 1024 * 1024;

/**
 * The loopback provider's media store, standing in for a carrier's: the simulator stores a `loopback://` URL on the
 * message exactly as a Twilio webhook stores its media URL, and the inbox fetches it back through fetchMedia. Samples
 * are files in the repo; uploads are kept in this process's memory only (the simulator is for trying Huixin out), so
 * after a restart an uploaded picture shows as unavailable, as an expired provider URL would.
 */
export class LoopbackMedia {
  private readonly uploads = new Map<string, FetchedMedia>();
  private keptBytes = 0;

  sampleUrl(name: SamplePicture): string {
    return `loopback://sample/${name}.png`;
  }

  /** Keeps a picture the simulator's customer chose; its id goes into the next text's `pictures`. */
  keepUpload(contentType: (typeof UPLOAD_TYPES)[number], bytes: Buffer): string {
    const id = randomUUID();
    this.uploads.set(id, { contentType, bytes });
    this.keptBytes += bytes.length;
    for (const [oldest, media] of this.uploads) {
      if (this.keptBytes <= MAX_KEPT_BYTES) break;
      this.uploads.delete(oldest);
      this.keptBytes -= media.bytes.length;
    }
    return id;
  }

  /** An upload still kept, as a webhook would name it, or null. */
  upload(id: string): InboundMedia | null {
    const kept = this.uploads.get(id);
    return kept ? { url: `loopback://upload/${id}`, contentType: kept.contentType } : null;
  }

  async read(url: string): Promise<FetchedMedia> {
    const match = /^loopback:\/\/(sample|upload)\/([a-z0-9-]+?)(\.png)?$/.exec(url);
    if (!match) throw new MediaError('refused', 'Not a loopback media URL');
    const [, kind, name] = match;
    if (kind === 'upload') {
      const upload = this.uploads.get(name);
      if (!upload) throw new MediaError('not_found', 'This uploaded picture was kept in memory and is gone (the server restarted)');
      return upload;
    }
    if (!(SAMPLE_PICTURES as readonly string[]).includes(name)) throw new MediaError('not_found', `No sample picture ${name}`);
    return { contentType: 'image/png', bytes: await fs.readFile(path.join(SAMPLES_DIR, `${name}.png`)) };
  }
}
