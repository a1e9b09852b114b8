import { Transform, type TransformCallback } from 'node:stream';
import iconv from 'iconv-lite';
import { HttpError } from '../../http/errors';

export const CSV_ENCODINGS = ['utf-8', 'gb18030'] as const;
export type CsvEncoding = (typeof CSV_ENCODINGS)[number];

/** How much text after the first non-ASCII byte decides the encoding: plenty of Chinese characters either way. */
const SNIFF_BYTES = 4096;

/**
 * Bytes in, text out, for a CSV of unknown encoding, without holding the file: a BOM means UTF-8; otherwise ASCII (the
 * same in UTF-8 and GB18030) passes straight through until the first non-ASCII byte, and the next few KB decide —
 * valid UTF-8 is UTF-8 (a GBK file is practically never valid UTF-8), anything else is GB18030, the superset of the
 * GBK that Excel writes on Chinese Windows. `forced` skips the guess. Counts bytes and fails with 413 past `limit`.
 */
export class CsvDecoder extends Transform {
  private decoder: ReturnType<typeof iconv.getDecoder> | null = null;
  private pending: Buffer = Buffer.alloc(0);
  private bytes = 0;
  /** What the guess or the caller settled on, once known (undefined while only ASCII was seen). */
  encoding: CsvEncoding | undefined;

  constructor(private readonly limit: number, forced?: CsvEncoding) {
    super();
    if (forced) this.use(forced);
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.bytes += chunk.length;
    if (this.bytes > this.limit) return done(new HttpError(413, 'body_too_large', `The file is larger than ${this.limit / 1_048_576} MB`));
    if (this.decoder) return done(null, this.decoder.write(chunk) || undefined);
    this.pending = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    this.sniff(false);
    done();
  }

  override _flush(done: TransformCallback): void {
    if (!this.decoder) this.sniff(true);
    const rest = this.decoder ? this.decoder.end() : '';
    done(null, rest || undefined);
  }

  private use(encoding: CsvEncoding): void {
    this.encoding = encoding;
    // iconv's UTF-8 decoder drops a leading BOM, so the header's first name is "phone", not "\uFEFFphone".
    this.decoder = iconv.getDecoder(encoding === 'utf-8' ? 'utf8' : 'gb18030');
  }

  private sniff(ended: boolean): void {
    const bytes = this.pending;
    if (bytes.length < 3 && !ended && isBomStart(bytes)) return;
    if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return this.settle('utf-8');
    const firstHigh = bytes.findIndex((b) => b >= 0x80);
    if (firstHigh < 0) {
      this.push(bytes.toString('latin1'));   // ASCII only so far: the same text whatever the encoding turns out to be
      this.pending = Buffer.alloc(0);
      return;
    }
    if (firstHigh > 0) {
      this.push(bytes.subarray(0, firstHigh).toString('latin1'));
      this.pending = bytes.subarray(firstHigh);
    }
    if (this.pending.length < SNIFF_BYTES && !ended) return;
    this.settle(isUtf8(this.pending.subarray(0, SNIFF_BYTES), ended && this.pending.length <= SNIFF_BYTES) ? 'utf-8' : 'gb18030');
  }

  private settle(encoding: CsvEncoding): void {
    this.use(encoding);
    const text = this.decoder!.write(this.pending);
    this.pending = Buffer.alloc(0);
    if (text) this.push(text);
  }
}

const isBomStart = (b: Buffer) => (b.length === 0 || b[0] === 0xef) && (b.length < 2 || b[1] === 0xbb);

/** Whether `sample` is valid UTF-8; a multi-byte character cut off at the sample's end counts as valid unless `whole`. */
function isUtf8(sample: Buffer, whole: boolean): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(sample, { stream: !whole });
    return true;
  } catch {
    return false;
  }
}
