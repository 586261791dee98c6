/**
 * The bundle's icon (bundle/icon.png, 512x512, as Claude Desktop recommends):
 * the same drawing as serverInfo's inline SVG (src/mcp/server.ts), a
 * database drum with a clock, rasterized here so no image tool is needed.
 * Shapes are tested per subsample (4x4 per pixel, for smooth edges) in the
 * SVG's 32-unit space, composited in order, and written as an RGBA PNG.
 * `node scripts/icon.mjs` writes it; `--check` fails if the file differs.
 */
import { Buffer } from "node:buffer";
import console from "node:console";
import { readFileSync, writeFileSync } from "node:fs";
import process from "node:process";
import { URL, fileURLToPath } from "node:url";
import { crc32, deflateSync } from "node:zlib";

const OUT = fileURLToPath(new URL("../bundle/icon.png", import.meta.url));
const SIZE = 512;
const SUB = 4;
const BLUE = [0x1f, 0x6f, 0xeb];
const WHITE = [0xff, 0xff, 0xff];

const inEllipse = (x, y, cx, cy, rx, ry) => ((x - cx) / rx) ** 2 + ((y - cy) / ry) ** 2 <= 1;
/** The drum's lower rim at x for an ellipse of 10 by 4 centred on x = 14 at height cy. */
const rim = (x, cy) => cy + 4 * Math.sqrt(Math.max(0, 1 - ((x - 14) / 10) ** 2));
/** Distance from (x, y) to the segment (ax, ay)-(bx, by). */
function toSegment(x, y, ax, ay, bx, by) {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(x - ax - t * dx, y - ay - t * dy);
}

/** The SVG's layers, bottom first: [colour, opacity, inside(x, y)]. */
const LAYERS = [
  [BLUE, 1, (x, y) => inEllipse(x, y, 14, 7, 10, 4)],
  [BLUE, 0.8, (x, y) => x >= 4 && x <= 24 && y > rim(x, 7) && y <= rim(x, 23)],
  [WHITE, 1, (x, y) => Math.hypot(x - 24, y - 23) <= 6],
  [BLUE, 1, (x, y) => Math.abs(Math.hypot(x - 24, y - 23) - 7) <= 1],
  [BLUE, 1, (x, y) => toSegment(x, y, 24, 19, 24, 23) <= 1 || toSegment(x, y, 24, 23, 27, 25) <= 1],
];

function render() {
  const rows = Buffer.alloc(SIZE * (1 + SIZE * 4));
  for (let py = 0; py < SIZE; py++) {
    const row = py * (1 + SIZE * 4);
    rows[row] = 0; // filter: none
    for (let px = 0; px < SIZE; px++) {
      // Premultiplied sums over the subsamples.
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (let sy = 0; sy < SUB; sy++) {
        for (let sx = 0; sx < SUB; sx++) {
          const x = ((px + (sx + 0.5) / SUB) * 32) / SIZE;
          const y = ((py + (sy + 0.5) / SUB) * 32) / SIZE;
          let cr = 0;
          let cg = 0;
          let cb = 0;
          let ca = 0;
          for (const [[lr, lg, lb], opacity, inside] of LAYERS) {
            if (!inside(x, y)) continue;
            // "over", premultiplied.
            cr = lr * opacity + cr * (1 - opacity);
            cg = lg * opacity + cg * (1 - opacity);
            cb = lb * opacity + cb * (1 - opacity);
            ca = opacity + ca * (1 - opacity);
          }
          r += cr;
          g += cg;
          b += cb;
          a += ca;
        }
      }
      const at = row + 1 + px * 4;
      const alpha = a / (SUB * SUB);
      rows[at] = alpha > 0 ? Math.round(r / a) : 0;
      rows[at + 1] = alpha > 0 ? Math.round(g / a) : 0;
      rows[at + 2] = alpha > 0 ? Math.round(b / a) : 0;
      rows[at + 3] = Math.round(alpha * 255);
    }
  }
  return rows;
}

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

function png() {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(SIZE, 0);
  header.writeUInt32BE(SIZE, 4);
  header[8] = 8; // bits per channel
  header[9] = 6; // RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(render(), { level: 9 })),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

const image = png();
if (process.argv.includes("--check")) {
  let current;
  try {
    current = readFileSync(OUT);
  } catch {
    current = undefined;
  }
  if (current === undefined || !current.equals(image)) {
    console.error("bundle/icon.png is not what scripts/icon.mjs draws: run node scripts/icon.mjs");
    process.exit(1);
  }
} else {
  writeFileSync(OUT, image);
  console.log(`wrote bundle/icon.png (${image.length} bytes)`);
}
