import request from 'supertest';

export interface Sample { name: string; labels: Record<string, string>; value: number }

/** Prometheus's text format, one sample per line (`# HELP`/`# TYPE` lines skipped). */
export function parseMetrics(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m) continue;
    const labels: Record<string, string> = {};
    for (const [, key, value] of (m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[key!] = value!;
    samples.push({ name: m[1]!, labels, value: Number(m[3]) });
  }
  return samples;
}

/** The sum of the samples of `name` whose labels include `labels`; undefined when there is none. */
export function metric(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  const matching = parseMetrics(text).filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
  return matching.length ? matching.reduce((sum, s) => sum + s.value, 0) : undefined;
}

/** GET /metrics at `baseUrl`, with the token when given; fails the test unless it answers 200. */
export async function scrape(baseUrl: string, token?: string): Promise<string> {
  const req = request(baseUrl).get('/metrics');
  const res = await (token ? req.set('Authorization', `Bearer ${token}`) : req).expect(200);
  return res.text;
}
