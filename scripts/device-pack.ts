/**
 * `npm run device:pack -- [--cifar-train=N] [--mnist-train=N] [--<dataset>-train=N]`: writes .device/,
 * all that the src/gpu tests and `verify` need on a Linux x86-64 GPU machine with no node, npm or
 * network (the device machine), in at most 60 MiB: this machine's node and Dawn's dawn.node
 * xz-compressed, the webgpu package's loader, and the entry points bundled by esbuild with WGSL
 * inlined. Copy .device/ into the repo root there and run `.device/run.sh` (scripts/device/run.sh).
 * Datasets are optional: N train images (0 = none) plus the whole test split of
 * public/datasets/<name>, with a manifest that matches the cut.
 */
import { execFileSync } from 'node:child_process';
import { isBuiltin } from 'node:module';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type BuildOptions, type Plugin } from 'esbuild';
import type { DatasetFile, DatasetManifest } from '../src/lab/datasets.ts';
import { fileEntry } from './datasets.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, '.device');
// Compressing node takes a minute; keep the result keyed by the source's size and mtime.
const cache = join(root, '.cache', 'device');
const LIMIT = 60 * 2 ** 20;
const xzArgs = ['-T2', '-6'];

const trains = new Map<string, number>();
for (const arg of process.argv.slice(2)) {
  const m = /^--([\w-]+)-train=(\d+)$/.exec(arg);
  if (!m)
    throw new Error(
      `unknown argument ${arg}; usage: device-pack.ts [--cifar-train=N] [--mnist-train=N] [--<dataset>-train=N]`,
    );
  if (Number(m[2]) > 0) trains.set(m[1] === 'cifar' ? 'cifar10' : m[1], Number(m[2]));
}
if (process.platform !== 'linux' || process.arch !== 'x64')
  throw new Error('the device machine is Linux x86-64: pack on one, so that this node runs there');

const xz = (data: Buffer): Buffer => execFileSync('xz', [...xzArgs, '-c'], { input: data, maxBuffer: 2 ** 31 });

function xzFile(src: string, dst: string): void {
  const { size, mtimeMs } = statSync(src);
  const cached = join(
    cache,
    `${relative(root, src)
      .replace(/^(\.\.\/)+/, '')
      .replaceAll('/', '_')}-${size}-${Math.round(mtimeMs)}.xz`,
  );
  if (!existsSync(cached)) {
    mkdirSync(cache, { recursive: true });
    writeFileSync(`${cached}.part`, xz(readFileSync(src)));
    execFileSync('mv', [`${cached}.part`, cached]);
  }
  mkdirSync(dirname(dst), { recursive: true });
  copyFileSync(cached, dst);
}

rmSync(out, { recursive: true, force: true });
mkdirSync(out);
// run.sh unpacks into /tmp/tabula-device-<pack-id>, so a new pack never reuses an old unpacking.
writeFileSync(join(out, 'pack-id'), `${Date.now().toString(36)}\n`);

// 1. node: a self-contained build that links only glibc and libstdc++, which the image has.
xzFile(process.execPath, join(out, 'node.xz'));

// 2. webgpu: its index.js only loads dist/<platform>-<arch>/dawn.node; fail if that ever changes.
const webgpu = join(root, 'node_modules', 'webgpu');
const webgpuOut = join(out, 'node_modules', 'webgpu');
const indexJs = readFileSync(join(webgpu, 'index.js'), 'utf8');
const imports = [...indexJs.matchAll(/(?:from|import|require)\s*\(?\s*['"]([^'"]+)['"]/g)].map((m) => m[1]);
const foreign = imports.filter((s) => !isBuiltin(s));
if (foreign.length) throw new Error(`node_modules/webgpu/index.js imports ${foreign.join(', ')}: copy those too`);
mkdirSync(webgpuOut, { recursive: true });
for (const f of ['package.json', 'index.js', 'LICENSE.md']) copyFileSync(join(webgpu, f), join(webgpuOut, f));
xzFile(join(webgpu, 'dist', 'linux-x64', 'dawn.node'), join(webgpuOut, 'dist', 'linux-x64', 'dawn.node.xz'));

// 3–5. Bundles. `?raw` imports become strings as under Vite; vitest becomes the shim.
const plugins: Plugin[] = [
  {
    name: 'raw-and-vitest',
    setup(b) {
      b.onResolve({ filter: /\?raw$/ }, (a) => ({
        path: resolve(a.resolveDir, a.path.slice(0, -'?raw'.length)),
        namespace: 'raw',
      }));
      b.onLoad({ filter: /.*/, namespace: 'raw' }, (a) => ({ contents: readFileSync(a.path, 'utf8'), loader: 'text' }));
      b.onResolve({ filter: /^vitest$/ }, () => ({ path: join(root, 'scripts', 'device', 'vitest-shim.ts') }));
    },
  },
];
const common: BuildOptions = {
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: ['webgpu'],
  plugins,
  absWorkingDir: root,
  legalComments: 'none',
  logLevel: 'warning',
};
for (const [entry, name] of [
  ['scripts/verify.ts', 'verify'],
  ['src/lab/cli.ts', 'lab'],
  ['scripts/bench.ts', 'bench'],
  ['scripts/bench-conv.ts', 'bench-conv'],
]) {
  await build({ ...common, entryPoints: [entry], outfile: join(out, `${name}.mjs`) });
}
// The Node bench carries TF.js and jax-js (~6 MiB of JavaScript): compressed, run.sh unpacks it.
// TF.js calls require('util') in Node, which an ES module has only when given one.
await build({
  ...common,
  entryPoints: ['scripts/bench-gpu.ts'],
  outfile: join(out, 'bench-gpu.mjs'),
  banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
});
writeFileSync(join(out, 'bench-gpu.mjs.xz'), xz(readFileSync(join(out, 'bench-gpu.mjs'))));
rmSync(join(out, 'bench-gpu.mjs'));
await build({ ...common, entryPoints: ['scripts/device/adapter.ts'], outfile: join(out, 'adapter.mjs') });
const testFiles = (readdirSync(join(root, 'src', 'gpu'), { recursive: true }) as string[])
  .filter((f) => f.endsWith('.test.ts'))
  .map((f) => `src/gpu/${f}`)
  .sort();
const entry = [
  `import { main } from './scripts/device/gpu-tests.ts';`,
  `await main({`,
  ...testFiles.map((f) => `  ${JSON.stringify(f)}: () => import(${JSON.stringify(`./${f}`)}),`),
  `});`,
].join('\n');
await build({
  ...common,
  stdin: { contents: entry, resolveDir: root, sourcefile: 'gpu-tests-entry.ts', loader: 'ts' },
  outfile: join(out, 'gpu-tests.mjs'),
});

copyFileSync(join(root, 'scripts', 'device', 'run.sh'), join(out, 'run.sh'));
chmodSync(join(out, 'run.sh'), 0o755);

// Datasets: the first N train images and the whole test split, with sizes and hashes for the cut.
for (const [name, n] of trains) {
  const src = join(root, 'public', 'datasets', name);
  if (!existsSync(join(src, 'manifest.json')))
    throw new Error(`no ${relative(root, src)}/manifest.json: run \`npm run datasets -- --only=${name}\``);
  const manifest = JSON.parse(readFileSync(join(src, 'manifest.json'), 'utf8')) as DatasetManifest;
  const train = manifest.splits.train;
  if (n > train.count) throw new Error(`--${name}-train=${n}: ${name} has ${train.count} train images`);
  const dst = join(out, 'datasets', name);
  mkdirSync(dst, { recursive: true });
  const imageBytes = manifest.shape.reduce((a, b) => a * b, 1);
  const pack = (entry: DatasetFile, bytes: number): DatasetFile => {
    const data = readFileSync(join(src, entry.file)).subarray(0, bytes);
    writeFileSync(join(dst, `${entry.file}.xz`), xz(data));
    return fileEntry(entry.file, data);
  };
  const cut: DatasetManifest = {
    ...manifest,
    note: [
      manifest.note,
      `device pack: train split is the first ${n} of ${train.count} images; mean and std are still those of the full split`,
    ]
      .filter(Boolean)
      .join('; '),
    splits: {
      train: { count: n, images: pack(train.images, n * imageBytes), labels: pack(train.labels, n) },
      test: {
        ...manifest.splits.test,
        images: pack(manifest.splits.test.images, manifest.splits.test.images.bytes),
        labels: pack(manifest.splits.test.labels, manifest.splits.test.labels.bytes),
      },
    },
  };
  writeFileSync(join(dst, 'manifest.json'), `${JSON.stringify(cut, null, 2)}\n`);
}

// Sizes: what travels is the raw bytes of .device/.
const sizes = new Map<string, number>();
for (const f of readdirSync(out, { recursive: true }) as string[]) {
  const st = statSync(join(out, f));
  if (!st.isFile()) continue;
  const group = f.startsWith('datasets/')
    ? f.split('/').slice(0, 2).join('/')
    : f.startsWith('node_modules/')
      ? 'node_modules/webgpu'
      : f;
  sizes.set(group, (sizes.get(group) ?? 0) + st.size);
}
const mib = (b: number): string => `${(b / 2 ** 20).toFixed(2)} MiB`;
const total = [...sizes.values()].reduce((a, b) => a + b, 0);
for (const [k, v] of [...sizes].sort((a, b) => b[1] - a[1])) console.log(`${mib(v).padStart(11)}  .device/${k}`);
console.log(`${mib(total).padStart(11)}  total (limit ${mib(LIMIT)})`);
if (total > LIMIT) {
  console.error('.device/ is over the limit: pack fewer train images');
  process.exit(1);
}
