/**
 * Headless lab: `npm run lab -- <command> [--key=value …]`. Runs the same experiment code as the
 * browser, through Dawn's WebGPU in Node, prints progress to stderr and a JSON summary to stdout.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { GpuContext, type KernelVariant } from '../gpu/context.ts';
import { adapterLabel } from '../gpu/device.ts';
import { nodeGpu } from '../gpu/node-gpu.ts';
import { loadDataset } from './datasets.ts';
import { fsSource } from './datasets-node.ts';
import { datasetLoader } from './runner.ts';
import { defaultTrainSpec, trainRun, validateTrainSpec, type TrainSpec } from './train.ts';
import { flagValues, parsedOrUsage, parseKernels, UsageError } from './cli-args.ts';
import { runMain, runUsage } from './cli-run.ts';
import { defaultSeqSpec, seqRun, validateSeqSpec, type SeqSpec } from './seq-task.ts';

type Kind = 'int' | 'number' | 'string' | 'ints' | 'bool';

export { UsageError };

/** CLI flag → spec key and how to read its value. */
const trainFlags: Record<string, { key: keyof TrainSpec; kind: Kind; help: string }> = {
  dataset: { key: 'dataset', kind: 'string', help: 'mnist | fashion-mnist | cifar10' },
  model: { key: 'model', kind: 'string', help: 'lenet300 | mlp | conv2 | conv4 | conv6 | resnet20 | vit' },
  width: { key: 'width', kind: 'number', help: 'width multiplier of the conv, resnet20 and vit presets (default 1)' },
  augment: {
    key: 'augment',
    kind: 'bool',
    help: 'random crop (pad 4) + horizontal flip of training images, 0 | 1 (default 0)',
  },
  hidden: { key: 'hidden', kind: 'ints', help: 'hidden widths of the mlp preset, e.g. 512,256' },
  'train-size': { key: 'trainSize', kind: 'int', help: 'seeded subset of the training split (0 = all)' },
  'test-size': { key: 'testSize', kind: 'int', help: 'first N test examples (0 = all)' },
  optimizer: { key: 'optimizer', kind: 'string', help: 'sgd | adam | adamw' },
  lr: { key: 'lr', kind: 'number', help: 'peak learning rate' },
  momentum: { key: 'momentum', kind: 'number', help: 'SGD momentum' },
  'weight-decay': { key: 'weightDecay', kind: 'number', help: 'weight decay' },
  schedule: { key: 'schedule', kind: 'string', help: 'constant | cosine | step' },
  warmup: { key: 'warmupSteps', kind: 'int', help: 'linear warm-up steps' },
  batch: { key: 'batch', kind: 'int', help: 'batch size' },
  epochs: { key: 'epochs', kind: 'int', help: 'passes over the training set' },
  seed: { key: 'seed', kind: 'int', help: 'seed of init and data order' },
  'log-every': { key: 'logEvery', kind: 'int', help: 'steps between metric read-backs' },
};

export function usage(): string {
  const lines = Object.entries(trainFlags).map(([flag, f]) => {
    const def = defaultTrainSpec[f.key];
    return `  --${flag.padEnd(13)} ${f.help}${def === undefined ? '' : ` (default ${Array.isArray(def) ? def.join(',') : def})`}`;
  });
  const seqLines = Object.entries(seqFlags).map(
    ([flag, f]) => `  --${flag.padEnd(13)} ${f.help} (default ${defaultSeqSpec[f.key]})`,
  );
  return [
    'usage: npm run lab -- train [--flag=value …] [--out=run.json] [--datasets=public/datasets]',
    '',
    'Trains a classifier headless on WebGPU (Dawn) and prints a JSON summary.',
    '',
    ...lines,
    '  --out           also write the events and summary to this JSON file',
    '  --datasets      folder of the converted datasets (default public/datasets)',
    '  --kernels       auto | gpu | gpu-plain | cpu | cpu-plain: force GPU- or CPU-tuned kernel variants (default auto: by adapter;',
    '                  gpu-plain: GPU kernels without workgroup-memory tiles; cpu-plain: CPU-tuned without sharing loads across SIMD quads)',
    '',
    'usage: npm run lab -- seq [--flag=value …] [--out=run.json]',
    '',
    'Trains a transformer on a synthetic sequence task (copy or sort) and prints its token accuracy.',
    '',
    ...seqLines,
    '',
    runUsage(),
  ].join('\n');
}

function parseValue(flag: string, kind: Kind, raw: string): number | string | number[] {
  const num = (s: string): number => {
    const v = Number(s);
    if (s.trim() === '' || !Number.isFinite(v)) throw new UsageError(`--${flag} needs a number, got "${raw}"`);
    if (kind !== 'number' && !Number.isInteger(v)) throw new UsageError(`--${flag} needs an integer, got "${raw}"`);
    return v;
  };
  if (kind === 'string') return raw;
  if (kind === 'bool') {
    if (raw !== '0' && raw !== '1' && raw !== 'true' && raw !== 'false')
      throw new UsageError(`--${flag} needs 0 or 1, got "${raw}"`);
    return (raw === '1' || raw === 'true') as unknown as number;
  }
  if (kind === 'ints') return raw.split(',').map(num);
  return num(raw);
}

export interface CliArgs {
  command: 'train';
  spec: TrainSpec;
  out?: string;
  datasets: string;
  kernels: KernelVariant;
}

export function parseArgs(argv: string[]): CliArgs {
  const [command, ...rest] = argv;
  if (command !== 'train')
    throw new UsageError(
      command
        ? `unknown command "${command}" (commands: train, seq, run)`
        : 'no command given (commands: train, seq, run)',
    );
  const spec: TrainSpec = { ...defaultTrainSpec, hidden: [...defaultTrainSpec.hidden] };
  let out: string | undefined;
  let datasets = 'public/datasets';
  let kernels: KernelVariant = 'auto';
  for (const [flag, raw] of flagValues(rest)) {
    if (flag === 'out') out = raw;
    else if (flag === 'datasets') datasets = raw;
    else if (flag === 'kernels') kernels = parseKernels(raw);
    else {
      const f = trainFlags[flag];
      if (!f) throw new UsageError(`unknown flag --${flag}`);
      (spec as unknown as Record<string, unknown>)[f.key] = parseValue(flag, f.kind, raw);
    }
  }
  const errors = validateTrainSpec(spec);
  if (errors.length) throw new UsageError(errors.join('\n'));
  return { command, spec, out, datasets, kernels };
}

/** CLI flag → sequence-task spec key. */
const seqFlags: Record<string, { key: keyof SeqSpec; kind: Kind; help: string }> = {
  task: { key: 'task', kind: 'string', help: 'copy | sort' },
  length: { key: 'length', kind: 'int', help: 'tokens per sequence' },
  vocab: { key: 'vocab', kind: 'int', help: 'vocabulary size' },
  model: { key: 'model', kind: 'string', help: 'transformer | attention (one attention layer)' },
  layers: { key: 'layers', kind: 'int', help: 'transformer blocks' },
  features: { key: 'features', kind: 'int', help: 'model width d' },
  heads: { key: 'heads', kind: 'int', help: 'attention heads' },
  optimizer: { key: 'optimizer', kind: 'string', help: 'sgd | adam | adamw' },
  lr: { key: 'lr', kind: 'number', help: 'peak learning rate' },
  schedule: { key: 'schedule', kind: 'string', help: 'constant | cosine | step' },
  warmup: { key: 'warmupSteps', kind: 'int', help: 'linear warm-up steps' },
  batch: { key: 'batch', kind: 'int', help: 'sequences per step' },
  steps: { key: 'steps', kind: 'int', help: 'training steps (fresh sequences each step)' },
  'eval-size': { key: 'evalSize', kind: 'int', help: 'held-out sequences scored at the end' },
  seed: { key: 'seed', kind: 'int', help: 'seed of init and data' },
  'log-every': { key: 'logEvery', kind: 'int', help: 'steps between metric read-backs' },
};

export interface SeqCliArgs {
  command: 'seq';
  spec: SeqSpec;
  out?: string;
}

export function parseSeqArgs(argv: string[]): SeqCliArgs {
  const [command, ...rest] = argv;
  if (command !== 'seq') throw new UsageError(`expected the seq command, got "${command}"`);
  const spec: SeqSpec = { ...defaultSeqSpec };
  let out: string | undefined;
  for (const [flag, raw] of flagValues(rest)) {
    if (flag === 'out') out = raw;
    else {
      const f = seqFlags[flag];
      if (!f) throw new UsageError(`unknown flag --${flag}`);
      (spec as unknown as Record<string, unknown>)[f.key] = parseValue(flag, f.kind, raw);
    }
  }
  const errors = validateSeqSpec(spec);
  if (errors.length) throw new UsageError(errors.join('\n'));
  return { command, spec, out };
}

async function seqMain(argv: string[]): Promise<number> {
  const args = parsedOrUsage(() => parseSeqArgs(argv), usage);
  if (!args) return 2;
  const ctx = await GpuContext.create(await nodeGpu());
  console.error(`WebGPU: ${adapterLabel(ctx.report)}`);
  const events = [];
  let code = 0;
  for await (const ev of seqRun(ctx, args.spec)) {
    events.push(ev);
    if (ev.type === 'log') console.error(ev.message);
    else if (ev.type === 'metric')
      console.error(
        `${ev.split.padEnd(5)} step ${String(ev.step).padStart(6)}  loss ${ev.loss.toFixed(4)}  token acc ${(100 * ev.accuracy).toFixed(2)}%`,
      );
    else if (ev.type === 'error') {
      console.error(`error: ${ev.message}`);
      code = 1;
    } else console.log(JSON.stringify({ spec: args.spec, adapter: adapterLabel(ctx.report), ...ev.summary }, null, 2));
  }
  if (args.out) writeFileSync(args.out, JSON.stringify({ spec: args.spec, adapter: ctx.report, events }, null, 2));
  ctx.destroy();
  return code;
}

async function main(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(usage());
    return 0;
  }
  if (argv[0] === 'seq') return seqMain(argv);
  if (argv[0] === 'run') {
    return runMain(argv.slice(1), {
      gpu: async (kernels) => {
        const ctx = await GpuContext.create(await nodeGpu());
        ctx.kernelVariant = kernels;
        console.error(`WebGPU: ${adapterLabel(ctx.report)}, kernels ${ctx.kernelVariant}`);
        return ctx;
      },
      dataset: (dir) => datasetLoader(fsSource(dir)),
    });
  }
  const args = parsedOrUsage(() => parseArgs(argv), usage);
  if (!args) return 2;
  const data = await loadDataset(args.spec.dataset, fsSource(resolve(args.datasets)));
  const ctx = await GpuContext.create(await nodeGpu());
  ctx.kernelVariant = args.kernels;
  console.error(`WebGPU: ${adapterLabel(ctx.report)}, kernels ${ctx.kernelVariant}`);
  const events = [];
  let code = 0;
  for await (const ev of trainRun(ctx, data, args.spec)) {
    events.push(ev);
    if (ev.type === 'log') console.error(ev.message);
    else if (ev.type === 'metric') {
      const speed = ev.examplesPerSecond ? `  ${Math.round(ev.examplesPerSecond)} ex/s` : '';
      console.error(
        `${ev.split.padEnd(5)} step ${String(ev.step).padStart(6)}  epoch ${ev.epoch.toFixed(2)}  loss ${ev.loss.toFixed(4)}  acc ${(100 * ev.accuracy).toFixed(2)}%${speed}`,
      );
    } else if (ev.type === 'error') {
      console.error(`error: ${ev.message}`);
      code = 1;
    } else if (ev.type === 'done') {
      console.log(
        JSON.stringify(
          { spec: args.spec, adapter: adapterLabel(ctx.report), ...ev.summary, counters: ev.counters },
          null,
          2,
        ),
      );
    }
  }
  if (args.out) writeFileSync(args.out, JSON.stringify({ spec: args.spec, adapter: ctx.report, events }, null, 2));
  ctx.destroy();
  return code;
}

const isEntry = process.argv[1] && resolve(process.argv[1]) === resolve(new URL(import.meta.url).pathname);
if (isEntry) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e: unknown) => {
      console.error(`error: ${e instanceof Error ? e.message : String(e)}`);
      process.exit(1);
    },
  );
}
