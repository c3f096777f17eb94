// Loads the compact datasets that `npm run datasets` writes under public/datasets/<name>/.
// Runs in a browser worker and in Node, so it reaches files only through a DatasetSource.

export interface DatasetSource {
  readText(path: string): Promise<string>;
  readBytes(path: string): Promise<Uint8Array<ArrayBuffer>>;
}

export interface DatasetFile {
  file: string;
  bytes: number;
  sha256: string;
}

export interface SplitManifest {
  count: number;
  images: DatasetFile;
  labels: DatasetFile;
}

export interface DatasetManifest {
  name: string;
  title: string;
  source: string;
  citation: string;
  note?: string;
  version: 1;
  /** [height, width, channels]. */
  shape: [number, number, number];
  layout: 'HWC';
  classes: string[];
  /** Per-channel mean and std of the train split, in unit scale (pixel / 255). */
  mean: number[];
  std: number[];
  splits: { train: SplitManifest; test: SplitManifest };
}

export interface Split {
  images: Uint8Array;
  labels: Uint8Array;
  count: number;
}

export interface Dataset {
  manifest: DatasetManifest;
  train: Split;
  test: Split;
}

export interface DatasetIndexEntry {
  name: string;
  title: string;
  shape: [number, number, number];
  classes: string[];
  train: number;
  test: number;
}

export type Normalize = 'unit' | 'standard';

export function fixCommand(name: string): string {
  return `npm run datasets -- --force --only=${name}`;
}

/** Reads URLs under baseUrl. A dev server answers unknown paths with index.html, so HTML counts as missing. */
export function fetchSource(baseUrl: string): DatasetSource {
  const base = baseUrl.replace(/\/+$/, '');
  async function get(path: string): Promise<Response> {
    const url = `${base}/${path}`;
    const res = await fetch(url);
    if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
    if (res.headers.get('content-type')?.includes('text/html'))
      throw new Error(`${url}: not found (server returned HTML)`);
    return res;
  }
  return {
    readText: async (path) => (await get(path)).text(),
    readBytes: async (path) => new Uint8Array(await (await get(path)).arrayBuffer()),
  };
}

export async function loadIndex(source: DatasetSource): Promise<DatasetIndexEntry[]> {
  const index = JSON.parse(await source.readText('index.json')) as { datasets: DatasetIndexEntry[] };
  return index.datasets;
}

async function sha256Hex(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Loads and verifies (size, SHA-256, count) every file of a dataset; errors name the file and the fix. */
export async function loadDataset(name: string, source: DatasetSource): Promise<Dataset> {
  const fail = (what: string, cause?: unknown): never => {
    throw new Error(`Dataset "${name}": ${what}. Fix: ${fixCommand(name)}`, { cause });
  };
  let manifest: DatasetManifest;
  try {
    manifest = JSON.parse(await source.readText(`${name}/manifest.json`)) as DatasetManifest;
  } catch (err) {
    return fail(`${name}/manifest.json is missing or unreadable (${(err as Error).message})`, err);
  }
  const imageBytes = manifest.shape[0] * manifest.shape[1] * manifest.shape[2];

  async function readFile(entry: DatasetFile, expectedBytes: number): Promise<Uint8Array> {
    const path = `${name}/${entry.file}`;
    let bytes: Uint8Array<ArrayBuffer>;
    try {
      bytes = await source.readBytes(path);
    } catch (err) {
      return fail(`${path} is missing or unreadable (${(err as Error).message})`, err);
    }
    if (entry.bytes !== expectedBytes)
      fail(`manifest lists ${entry.bytes} bytes for ${path}, its counts imply ${expectedBytes}`);
    if (bytes.length !== entry.bytes) fail(`${path} is corrupt: ${bytes.length} bytes, expected ${entry.bytes}`);
    if ((await sha256Hex(bytes)) !== entry.sha256) fail(`${path} is corrupt: SHA-256 does not match the manifest`);
    return bytes;
  }

  async function readSplit(split: SplitManifest): Promise<Split> {
    const [images, labels] = await Promise.all([
      readFile(split.images, split.count * imageBytes),
      readFile(split.labels, split.count),
    ]);
    return { images, labels, count: split.count };
  }

  const [train, test] = await Promise.all([readSplit(manifest.splits.train), readSplit(manifest.splits.test)]);
  return { manifest, train, test };
}

// splitmix32: tiny and good enough to pick subsets; the GPU's Philox generator is a separate concern.
function splitmix32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x9e3779b9) | 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/** Fisher–Yates over `items` in place. The modulo bias of u32 * n / 2^32 is below 1e-5 for n ≤ 60,000. */
function shuffle(items: Uint32Array, next: () => number): void {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor((next() / 2 ** 32) * (i + 1));
    const t = items[i];
    items[i] = items[j];
    items[j] = t;
  }
}

/**
 * `count` distinct indices of `split`, in random order, fixed by `seed`. With `balanced`, every class
 * gets floor(count / classes) and the remainder goes one each to the lowest classes.
 */
export function seededSubset(
  split: Split,
  count: number,
  seed: number,
  opts: { balanced?: boolean } = {},
): Uint32Array {
  if (!Number.isInteger(count) || count < 0 || count > split.count) {
    throw new Error(`seededSubset: count ${count} is not in 0..${split.count}`);
  }
  const next = splitmix32(seed);
  if (!opts.balanced) {
    const all = Uint32Array.from({ length: split.count }, (_, i) => i);
    shuffle(all, next);
    return all.slice(0, count);
  }
  const numClasses = split.labels.reduce((m, l) => Math.max(m, l + 1), 0);
  const byClass: number[][] = Array.from({ length: numClasses }, () => []);
  for (let i = 0; i < split.count; i++) byClass[split.labels[i]].push(i);
  const picked: number[] = [];
  byClass.forEach((members, c) => {
    const want = Math.floor(count / numClasses) + (c < count % numClasses ? 1 : 0);
    if (want > members.length) throw new Error(`seededSubset: class ${c} has ${members.length} images, ${want} wanted`);
    const pool = Uint32Array.from(members);
    shuffle(pool, next);
    picked.push(...pool.subarray(0, want));
  });
  const out = Uint32Array.from(picked);
  shuffle(out, next);
  return out;
}

/**
 * Images at `indices` as one HWC-flattened Float32Array batch. 'unit' maps to [0, 1]; 'standard'
 * subtracts the train split's per-channel mean and divides by its std (both from the manifest).
 */
export function toFloat(
  dataset: Dataset,
  split: Split,
  indices: ArrayLike<number>,
  opts: { normalize: Normalize },
): Float32Array {
  const [h, w, channels] = dataset.manifest.shape;
  const imageBytes = h * w * channels;
  const standard = opts.normalize === 'standard';
  const mean = Float64Array.from({ length: channels }, (_, c) => (standard ? dataset.manifest.mean[c] : 0));
  const std = Float64Array.from({ length: channels }, (_, c) => (standard ? dataset.manifest.std[c] : 1));
  const out = new Float32Array(indices.length * imageBytes);
  for (let n = 0; n < indices.length; n++) {
    const index = indices[n];
    if (!(index >= 0 && index < split.count))
      throw new Error(`toFloat: index ${index} is not in 0..${split.count - 1}`);
    const src = split.images.subarray(index * imageBytes, (index + 1) * imageBytes);
    const dst = n * imageBytes;
    for (let i = 0; i < imageBytes; i++) {
      const c = i % channels;
      out[dst + i] = (src[i] / 255 - mean[c]) / std[c];
    }
  }
  return out;
}

/** Labels at `indices`, widened to u32 because GPU storage buffers have no 8-bit type. */
export function labelsOf(split: Split, indices: ArrayLike<number>): Uint32Array {
  return Uint32Array.from({ length: indices.length }, (_, n) => {
    const index = indices[n];
    if (!(index >= 0 && index < split.count))
      throw new Error(`labelsOf: index ${index} is not in 0..${split.count - 1}`);
    return split.labels[index];
  });
}
