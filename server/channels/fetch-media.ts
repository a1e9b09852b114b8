import { MediaError, type FetchedMedia, type MediaLimits } from './sms-provider';

/** Who may be asked for media, and with what: a provider's rules for one fetch. */
export interface MediaRequestPolicy {
  /** The credentials for this URL: only the provider's own API origin ever gets any. */
  headersFor(url: URL): Record<string, string>;
  /** Whether a redirect may be followed there (a signed CDN URL), checked before every hop. */
  mayRedirectTo(url: URL): boolean;
}

const MAX_REDIRECTS = 3;

/**
 * Fetches media with redirects followed by hand, so each hop is checked and credentials never travel with it to
 * another host; one deadline covers every hop and the body, and reading stops at the size cap instead of buffering
 * whatever a server sends.
 */
export async function fetchMediaUrl(first: URL, policy: MediaRequestPolicy, limits: MediaLimits): Promise<FetchedMedia> {
  const signal = AbortSignal.timeout(limits.timeoutMs);
  let url = first;
  for (let hop = 0; ; hop++) {
    const res = await request(url, policy.headersFor(url), signal);
    const location = res.headers.get('location');
    if (res.status >= 300 && res.status < 400 && location) {
      await res.body?.cancel().catch(() => undefined);
      const next = new URL(location, url);
      if (hop >= MAX_REDIRECTS) throw new MediaError('unavailable', `More than ${MAX_REDIRECTS} redirects`);
      if (!policy.mayRedirectTo(next)) throw new MediaError('unavailable', `A redirect to ${next.protocol}//${next.host} was not followed`);
      url = next;
      continue;
    }
    if (res.status === 404 || res.status === 410) throw new MediaError('not_found', `The provider no longer has this media (${res.status})`);
    if (!res.ok) throw new MediaError('unavailable', `The provider answered ${res.status}`);
    if (Number(res.headers.get('content-length') ?? 0) > limits.maxBytes) {
      await res.body?.cancel().catch(() => undefined);
      throw new MediaError('too_large', `The media is larger than ${limits.maxBytes} bytes`);
    }
    const bytes = await readCapped(res, limits.maxBytes);
    return { contentType: res.headers.get('content-type') ?? 'application/octet-stream', bytes };
  }
}

async function request(url: URL, headers: Record<string, string>, signal: AbortSignal): Promise<Response> {
  try {
    return await fetch(url, { headers, redirect: 'manual', signal });
  } catch (err) {
    throw new MediaError('unavailable', signal.aborted ? 'The provider did not answer in time' : `The provider is unreachable: ${(err as Error).message}`);
  }
}

async function readCapped(res: Response, maxBytes: number): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = res.body!.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return Buffer.concat(chunks);
      total += value.byteLength;
      if (total > maxBytes) {
        await reader.cancel().catch(() => undefined);
        throw new MediaError('too_large', `The media is larger than ${maxBytes} bytes`);
      }
      chunks.push(value);
    }
  } catch (err) {
    if (err instanceof MediaError) throw err;
    throw new MediaError('unavailable', `Reading the media failed: ${(err as Error).message}`);
  }
}
