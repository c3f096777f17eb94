import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { PNG } from 'pngjs';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  CIFAR_RECORD,
  cifarRecordsToHwc,
  decodeCifarStrip,
  gunzipIfCompressed,
  parseIdx,
  untar,
} from './dataset-formats.ts';
import { main } from './datasets.ts';

function idx(magic: number, dims: number[], data: number[]): Uint8Array {
  const buf = new Uint8Array(4 + 4 * dims.length + data.length);
  const view = new DataView(buf.buffer);
  view.setUint32(0, magic);
  dims.forEach((d, i) => view.setUint32(4 + 4 * i, d));
  buf.set(data, 4 + 4 * dims.length);
  return buf;
}

/** One ustar entry: header with octal fields and checksum, then data padded to 512 bytes. */
function tarEntry(name: string, data: Uint8Array, type = '0'): Uint8Array {
  const header = new Uint8Array(512);
  const put = (offset: number, text: string): void => header.set(new TextEncoder().encode(text), offset);
  put(0, name);
  put(100, '0000644\0');
  put(124, `${data.length.toString(8).padStart(11, '0')}\0`);
  put(148, '        ');
  put(156, type);
  put(257, 'ustar\0');
  put(263, '00');
  const sum = header.reduce((a, b) => a + b, 0);
  put(148, `${sum.toString(8).padStart(6, '0')}\0 `);
  const out = new Uint8Array(512 + Math.ceil(data.length / 512) * 512);
  out.set(header);
  out.set(data, 512);
  return out;
}

function tar(...entries: Uint8Array[]): Uint8Array {
  const parts = [...entries, new Uint8Array(1024)];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

/** A CIFAR record whose pixel value encodes (channel, pixel): easy to check after the HWC transpose. */
function cifarRecord(label: number, seed: number): Uint8Array {
  const rec = new Uint8Array(CIFAR_RECORD);
  rec[0] = label;
  for (let c = 0; c < 3; c++) for (let p = 0; p < 1024; p++) rec[1 + c * 1024 + p] = (seed + 7 * c + p) & 0xff;
  return rec;
}

describe('IDX parser', () => {
  it('reads images and labels, big-endian dims', () => {
    const pixels = Array.from({ length: 2 * 2 * 3 }, (_, i) => i);
    const images = parseIdx(idx(0x803, [2, 2, 3], pixels), 3);
    expect(images.dims).toEqual([2, 2, 3]);
    expect([...images.data]).toEqual(pixels);
    const labels = parseIdx(gunzipIfCompressed(gzipSync(idx(0x801, [2], [5, 9]))), 1);
    expect(labels.dims).toEqual([2]);
    expect([...labels.data]).toEqual([5, 9]);
  });

  it('rejects a wrong magic or size', () => {
    expect(() => parseIdx(idx(0x801, [2], [5, 9]), 3)).toThrow(/magic 0x00000801, expected 0x00000803/);
    expect(() => parseIdx(idx(0x801, [3], [5, 9]), 1)).toThrow(/10 bytes, expected 11 for dims 3/);
    expect(() => parseIdx(idx(0x803, [1, 1], []).subarray(0, 10), 3)).toThrow(/shorter than the header/);
  });

  it('passes uncompressed bytes through', () => {
    const raw = idx(0x801, [1], [3]);
    expect(gunzipIfCompressed(raw)).toBe(raw);
  });
});

describe('tar and CIFAR binary', () => {
  const batch = new Uint8Array([...cifarRecord(6, 0), ...cifarRecord(9, 100)]);

  it('extracts regular files and skips directories', () => {
    const archive = tar(
      tarEntry('cifar-10-batches-bin/', new Uint8Array(0), '5'),
      tarEntry('cifar-10-batches-bin/data_batch_1.bin', batch),
      tarEntry('cifar-10-batches-bin/readme.html', new TextEncoder().encode('hi')),
    );
    const files = untar(gunzipIfCompressed(gzipSync(archive)));
    expect([...files.keys()]).toEqual(['cifar-10-batches-bin/data_batch_1.bin', 'cifar-10-batches-bin/readme.html']);
    expect(files.get('cifar-10-batches-bin/data_batch_1.bin')).toEqual(batch);
  });

  it('rejects a corrupt header', () => {
    const archive = tar(tarEntry('a.bin', batch));
    archive[10] ^= 1;
    expect(() => untar(archive)).toThrow(/checksum/);
  });

  it('converts planar records to HWC', () => {
    const { images, labels, count } = cifarRecordsToHwc(batch);
    expect(count).toBe(2);
    expect([...labels]).toEqual([6, 9]);
    // Pixel p of image 1 holds R, G, B at 3p, 3p+1, 3p+2.
    const p = 33;
    expect([...images.subarray(3072 + 3 * p, 3072 + 3 * p + 3)]).toEqual([100 + p, 107 + p, 114 + p]);
    expect(cifarRecordsToHwc(batch, 1).count).toBe(1);
    expect(() => cifarRecordsToHwc(batch.subarray(1))).toThrow(/multiple of 3073/);
  });

  it('decodes a PNG strip to HWC rows', () => {
    const png = new PNG({ width: 1024, height: 2 });
    for (let i = 0; i < 1024 * 2; i++) png.data.set([i & 0xff, (i >> 8) & 0xff, 7, 255], 4 * i);
    const images = decodeCifarStrip(PNG.sync.write(png));
    expect(images.length).toBe(2 * 3072);
    expect([...images.subarray(3 * 1025, 3 * 1025 + 3)]).toEqual([1, 4, 7]);
  });
});

describe('datasets script', () => {
  let out: string;
  let logs: string[];
  beforeAll(async () => {
    out = await mkdtemp(path.join(tmpdir(), 'tabula-datasets-'));
  });
  afterAll(async () => {
    await rm(out, { recursive: true, force: true });
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.unstubAllEnvs();
    vi.restoreAllMocks();
  });
  const run = (...args: string[]): Promise<number> => {
    logs = [];
    vi.spyOn(console, 'log').mockImplementation((line: string) => void logs.push(line));
    return main([`--out=${out}`, ...args]);
  };

  it('builds, then skips, then finds corruption with --check', async () => {
    expect(await run('--only=mnist')).toBe(0);
    expect(logs[0]).toMatch(/^mnist: built 60000 train \+ 10000 test, 55\.0 MB in/);
    const index = JSON.parse(await readFile(path.join(out, 'index.json'), 'utf8'));
    expect(index.datasets.map((d: { name: string }) => d.name)).toEqual(['mnist']);

    expect(await run('--only=mnist')).toBe(0);
    expect(logs[0]).toMatch(/^mnist: ok/);
    expect(await run('--check', '--only=mnist')).toBe(0);

    const labels = path.join(out, 'mnist', 'test-labels.u8');
    const bytes = await readFile(labels);
    bytes[0] ^= 1;
    await writeFile(labels, bytes);
    expect(await run('--check', '--only=mnist')).toBe(1);
    expect(logs[0]).toContain('mnist/test-labels.u8 is corrupt');
    expect(await run('--check', '--only=fashion-mnist')).toBe(1);
    expect(logs[0]).toContain('npm run datasets -- --force --only=fashion-mnist');

    expect(await run('--only=mnist')).toBe(0);
    expect(logs[0]).toMatch(/^mnist: built/);
  });

  it('downloads when there is no local copy, giving the same files', async () => {
    vi.stubEnv('TABULA_FASHION_MNIST_DIR', path.join(out, 'nowhere'));
    const served: string[] = [];
    vi.stubGlobal('fetch', async (url: string) => {
      served.push(url);
      const file = path.join('/usr/share/datasets/fashion-mnist', path.basename(url));
      return new Response(new Uint8Array(await readFile(file)));
    });
    expect(await run('--only=fashion-mnist', '--force')).toBe(0);
    expect(served).toContain('http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/train-images-idx3-ubyte.gz');
    const manifest = JSON.parse(await readFile(path.join(out, 'fashion-mnist', 'manifest.json'), 'utf8'));
    expect(manifest.splits.train.images.sha256).toBe(
      '2e487a6c89124f78f2d7521542223cafe96f7123c3ca13d447772ac6ecbb3012',
    );
  });

  it('says how to get a dataset it can neither find nor download', async () => {
    vi.stubEnv('TABULA_CIFAR10_DIR', path.join(out, 'nowhere'));
    vi.stubGlobal('fetch', async () => {
      throw new TypeError('fetch failed');
    });
    expect(await run('--only=cifar10', '--force')).toBe(0); // mnist and fashion-mnist still exist
    expect(logs[0]).toContain(
      'cifar10: no local copy, and download of https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz failed',
    );
    expect(logs[0]).toContain('cifar10_labels.json');
    const index = JSON.parse(await readFile(path.join(out, 'index.json'), 'utf8'));
    expect(index.datasets.map((d: { name: string }) => d.name)).toEqual(['mnist', 'fashion-mnist']);
  });

  it('rejects unknown arguments and datasets', async () => {
    await expect(run('--only=imagenet')).rejects.toThrow(/unknown dataset imagenet/);
    await expect(run('--fast')).rejects.toThrow(/unknown argument --fast/);
  });
});
