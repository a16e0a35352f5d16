// Draws the site's icon (a white magnifier on the accent blue of the pages) and writes it as
// views/static/favicon.ico: one 32×32 image, 32-bit colour with alpha, in the ICO container every
// browser reads. Run again after changing the drawing: node --import tsx scripts/favicon.ts
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const SIZE = 32;
const ACCENT = [0x0b, 0x5c, 0xad];
const OUT = fileURLToPath(new URL('../views/static/favicon.ico', import.meta.url));

// Coverage of pixel (x, y) by a shape, from 4×4 samples, so that edges are smooth.
function coverage(inside: (x: number, y: number) => boolean, x: number, y: number): number {
  let hits = 0;
  for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) if (inside(x + (i + 0.5) / 4, y + (j + 0.5) / 4)) hits++;
  return hits / 16;
}

const tile = (x: number, y: number): boolean => {
  // A square with corners rounded to a radius of 6.
  const r = 6;
  const cx = Math.min(Math.max(x, r), SIZE - r);
  const cy = Math.min(Math.max(y, r), SIZE - r);
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
};
const ring = (x: number, y: number): boolean => {
  const d = Math.hypot(x - 13.5, y - 13.5);
  return d >= 5.5 && d <= 8.5;
};
const handle = (x: number, y: number): boolean => {
  // Distance to the segment from (19, 19) to (25.5, 25.5), at most 2.
  const t = Math.min(1, Math.max(0, ((x - 19) + (y - 19)) / 13));
  return Math.hypot(x - (19 + 6.5 * t), y - (19 + 6.5 * t)) <= 2;
};

const pixels = Buffer.alloc(SIZE * SIZE * 4);
for (let y = 0; y < SIZE; y++) {
  for (let x = 0; x < SIZE; x++) {
    const a = coverage(tile, x, y);
    const white = coverage((u, v) => ring(u, v) || handle(u, v), x, y);
    // Rows are stored bottom-up, as BGRA.
    const at = ((SIZE - 1 - y) * SIZE + x) * 4;
    pixels[at] = Math.round(ACCENT[2] + (255 - ACCENT[2]) * white);
    pixels[at + 1] = Math.round(ACCENT[1] + (255 - ACCENT[1]) * white);
    pixels[at + 2] = Math.round(ACCENT[0] + (255 - ACCENT[0]) * white);
    pixels[at + 3] = Math.round(255 * a);
  }
}
const header = Buffer.alloc(40);
header.writeUInt32LE(40, 0);
header.writeInt32LE(SIZE, 4);
header.writeInt32LE(SIZE * 2, 8); // colour rows and mask rows
header.writeUInt16LE(1, 12);
header.writeUInt16LE(32, 14);
header.writeUInt32LE(pixels.length, 20);
const mask = Buffer.alloc((SIZE * SIZE) / 8); // all zero: alpha decides
const image = Buffer.concat([header, pixels, mask]);
const dir = Buffer.alloc(22);
dir.writeUInt16LE(0, 0);
dir.writeUInt16LE(1, 2); // an icon
dir.writeUInt16LE(1, 4); // one image
dir.writeUInt8(SIZE, 6);
dir.writeUInt8(SIZE, 7);
dir.writeUInt16LE(1, 10); // planes
dir.writeUInt16LE(32, 12); // bits per pixel
dir.writeUInt32LE(image.length, 14);
dir.writeUInt32LE(22, 18);
writeFileSync(OUT, Buffer.concat([dir, image]));
console.log(`wrote ${OUT} (${22 + image.length} bytes)`);
