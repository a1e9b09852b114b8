import http from 'node:http';
import https from 'node:https';

/**
 * Keep-alive agents for the providers' send APIs. Node's fetch (undici) keeps connections alive too, but spends about
 * half a millisecond of CPU per call building and reading its WHATWG Request/Response and streams (bench:outbox-send's
 * baseline): at thousands of sends a second that alone would fill the sender's core. A plain node:http request over a
 * pooled socket costs a fraction of that. No socket limit: the sender's concurrency already bounds the calls.
 */
const agents = {
  'http:': new http.Agent({ keepAlive: true, scheduling: 'lifo' }),
  'https:': new https.Agent({ keepAlive: true, scheduling: 'lifo' }),
};

export interface ProviderAnswer { status: number; body: string }

/**
 * POSTs `body` to `url` and reads the whole answer as text. Fails (rejects) when the connection does, or when no
 * answer has come after `timeoutMs`, like fetch with AbortSignal.timeout.
 */
export function postForm(url: string, body: string, headers: Record<string, string>, timeoutMs: number): Promise<ProviderAnswer> {
  const target = new URL(url);
  const client = target.protocol === 'https:' ? https : http;
  const agent = agents[target.protocol as keyof typeof agents];
  if (!agent) return Promise.reject(new Error(`Unsupported protocol ${target.protocol}`));
  const payload = Buffer.from(body, 'utf8');
  return new Promise((resolve, reject) => {
    const req = client.request(target, { method: 'POST', agent, headers: { ...headers, 'Content-Length': payload.length }, timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => { clearTimeout(deadline); resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }); });
      res.on('error', (err) => { clearTimeout(deadline); reject(err); });
    });
    // The whole call, not only socket idleness, is bounded: a provider trickling bytes must not hold a send forever.
    const deadline = setTimeout(() => req.destroy(new Error(`no answer after ${timeoutMs} ms`)), timeoutMs);
    req.on('timeout', () => req.destroy(new Error(`no answer after ${timeoutMs} ms`)));
    req.on('error', (err) => { clearTimeout(deadline); reject(err); });
    req.end(payload);
  });
}
