/**
 * Draws the phone simulator's sample pictures (server/simulator/sample-pictures/*.png) without any image library:
 * a dental X-ray of two molars and a clinic receipt, small grey PNGs. Run once with `npx tsx scripts/sample-pictures.ts`;
 * the output is committed, so nothing here runs at start-up.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

type Shade = (x: number, y: number) => number;   // 0 black … 255 white

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (buf: Buffer) => {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/** An 8-bit greyscale PNG. */
function png(width: number, height: number, shade: Shade): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 0, 0, 0, 0], 8);
  const raw = Buffer.alloc((width + 1) * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) raw[y * (width + 1) + 1 + x] = Math.max(0, Math.min(255, Math.round(shade(x, y))));
  }
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', zlib.deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

const inEllipse = (x: number, y: number, cx: number, cy: number, rx: number, ry: number) => ((x - cx) / rx) ** 2 + ((y - cy) / ry) ** 2 <= 1;

/** Two molars with roots, a bright filling in one: how a bitewing looks, roughly. */
const xray: Shade = (x, y) => {
  let v = 30 + 10 * Math.sin(x / 9) * Math.cos(y / 13);
  for (const cx of [95, 225]) {
    if (inEllipse(x, y, cx, 95, 55, 50)) v = 170 + 30 * Math.cos((x - cx) / 30);
    for (const dx of [-25, 25]) if (y > 110 && y < 215 && Math.abs(x - cx - dx * (1 - (y - 110) / 260)) < 13 - (y - 110) / 12) v = 150;
    if (inEllipse(x, y, cx, 95, 22, 22)) v = 90;   // the pulp
  }
  if (inEllipse(x, y, 225, 65, 28, 16)) v = 250;   // a filling
  return v;
};

/** A receipt: a white slip with printed lines and a total. */
const receipt: Shade = (x, y) => {
  if (x < 40 || x > 200 || y < 10 || y > 230) return 200;
  const line = (top: number, left: number, right: number) => y >= top && y < top + 6 && x >= left && x <= right;
  if (line(24, 70, 170)) return 40;
  for (const [i, width] of [90, 70, 100, 60].entries()) if (line(60 + i * 22, 55, 55 + width) || line(60 + i * 22, 160, 185)) return 90;
  if (y === 160 && x % 4 < 2) return 120;
  if (line(176, 55, 110) || line(176, 150, 185)) return 20;
  return 252;
};

const dir = path.resolve(__dirname, '../server/simulator/sample-pictures');
fs.mkdirSync(dir, { recursive: true });
fs.writeFileSync(path.join(dir, 'xray.png'), png(320, 240, xray));
fs.writeFileSync(path.join(dir, 'receipt.png'), png(240, 240, receipt));
