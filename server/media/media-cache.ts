import type { FetchedMedia } from '../channels/sms-provider';

/**
 * Recently shown media, bounded by bytes, least recently used forgotten first. A thread re-rendered or opened by a
 * second agent then costs no provider round trip; a message's media never changes, so nothing here goes stale.
 */
export class MediaCache {
  private readonly entries = new Map<string, FetchedMedia>();
  private bytes = 0;

  constructor(private readonly maxBytes: number) {}

  get(key: string): FetchedMedia | undefined {
    const hit = this.entries.get(key);
    if (hit) {   // re-insert: a Map iterates in insertion order, so the first entry is the least recently used
      this.entries.delete(key);
      this.entries.set(key, hit);
    }
    return hit;
  }

  set(key: string, media: FetchedMedia): void {
    if (media.bytes.length > this.maxBytes / 4) return;   // one huge file would flush everything else
    this.delete(key);
    this.entries.set(key, media);
    this.bytes += media.bytes.length;
    for (const oldest of this.entries.keys()) {
      if (this.bytes <= this.maxBytes) break;
      this.delete(oldest);
    }
  }

  private delete(key: string): void {
    const old = this.entries.get(key);
    if (!old) return;
    this.entries.delete(key);
    this.bytes -= old.bytes.length;
  }
}
