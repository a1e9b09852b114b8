import { Readable } from 'node:stream';
import iconv from 'iconv-lite';
import { CsvDecoder } from '../../../server/contacts/transfer/csv-decode';

/** Feeds `bytes` in `size`-byte pieces (a multi-byte character is often cut in two) and collects the text. */
async function decode(bytes: Buffer, size: number, decoder = new CsvDecoder(1_000_000)): Promise<string> {
  const pieces = Array.from({ length: Math.ceil(bytes.length / size) }, (_, i) => bytes.subarray(i * size, (i + 1) * size));
  let text = '';
  for await (const chunk of Readable.from(pieces).pipe(decoder)) text += chunk.toString();
  return text;
}

const text = `phone,name\r\n${'13800138000,Customer\r\n'.repeat(50)}13900139000,张伟 陳美玲 😀\r\n`;

it.each([1, 2, 7, 4096])('reads UTF-8, UTF-8 with a BOM and GBK alike, fed %i bytes at a time', async (size) => {
  expect(await decode(Buffer.from(text), size)).toBe(text);
  expect(await decode(Buffer.from(`\uFEFF${text}`), size)).toBe(text);
  const gbkText = text.replace(' 😀', '');
  expect(await decode(iconv.encode(gbkText, 'gbk'), size)).toBe(gbkText);
});

it('fails with 413 once more than its limit has arrived', async () => {
  await expect(decode(Buffer.alloc(2000, 'a'), 100, new CsvDecoder(1000))).rejects.toMatchObject({ status: 413, code: 'body_too_large' });
});
