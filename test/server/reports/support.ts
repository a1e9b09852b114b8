import type { Test } from 'supertest';

/** A CSV download's text and headers (supertest leaves text/csv unparsed), after checking it is one. */
export async function csvOf(test: Test): Promise<{ text: string; headers: Record<string, string> }> {
  const res = await test.buffer(true).parse((r, done) => {
    const chunks: Buffer[] = [];
    r.on('data', (c: Buffer) => chunks.push(c)).on('end', () => done(null, Buffer.concat(chunks).toString('utf8')));
  }).expect(200).expect('Content-Type', 'text/csv; charset=utf-8');
  return { text: res.body as string, headers: res.headers as Record<string, string> };
}
