/**
 * `npm run lab -- run '<link>'`: runs any experiment of the lab headless from its shared link, so
 * a link copied from the browser reproduces the run in Node (Dawn) with the same code: the link is
 * decoded by the browser's own codec and run by the worker's own Runner. Unlike the browser, which
 * shows a notice and falls back to defaults, a link with any problem is refused: a headless rerun
 * that silently changed a parameter would not be the run the link names.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { GpuContext, KernelVariant } from '../gpu/context.ts';
import { CATALOGUE } from './catalogue.ts';
import { flagValues, parsedOrUsage, parseKernels, UsageError } from './cli-args.ts';
import type { Dataset } from './datasets.ts';
import type { RunEvent, RunSpec } from './experiment.ts';
import { Runner } from './runner.ts';
import { decodeSpec, encodeSpec } from './spec-codec.ts';

export interface RunCliArgs {
  spec: RunSpec;
  out?: string;
  datasets: string;
  kernels: KernelVariant;
}

export function runUsage(): string {
  return [
    "usage: npm run lab -- run '<link>' [--out=run.json] [--datasets=public/datasets] [--kernels=auto|gpu|gpu-plain|cpu|cpu-plain]",
    '',
    'Runs any lab experiment headless from its link (the whole URL, or the part from "#"), e.g.',
    "  npm run lab -- run 'http://localhost:5173/#/lottery-rewind?v=1&seed=1&rounds=1&rate=0.9'",
    'Prints progress to stderr and a JSON summary (the canonical link, the summary and the last value of every',
    'metric) to stdout; --out also writes every event. A link with any problem is refused with the reason.',
  ].join('\n');
}

/** The spec a link names, or a UsageError listing every problem the browser would have noticed. */
export function specFromLink(link: string): RunSpec {
  // A URL without a hash names no experiment; anything else without '#' is taken as the hash itself.
  const hash = link.includes('#') ? link.slice(link.indexOf('#')) : /^[a-z][a-z+.-]*:\/\//i.test(link) ? '' : link;
  if (hash.replace(/^#?\/*/, '') === '')
    throw new UsageError(
      `the link names no experiment ("${link}"); experiments: ${CATALOGUE.map((m) => m.id).join(', ')}`,
    );
  const { spec, notices } = decodeSpec(hash);
  if (notices.length)
    throw new UsageError(
      `the link has problems (the browser would go on with the fallbacks named; run does not):\n- ${notices.join('\n- ')}`,
    );
  return spec;
}

export function parseRunArgs(argv: string[]): RunCliArgs {
  const [link, ...rest] = argv;
  if (link === undefined || link.startsWith('--')) throw new UsageError('run needs a link');
  let out: string | undefined;
  let datasets = 'public/datasets';
  let kernels: KernelVariant = 'auto';
  for (const [flag, raw] of flagValues(rest)) {
    if (flag === 'out') out = raw;
    else if (flag === 'datasets') datasets = raw;
    else if (flag === 'kernels') kernels = parseKernels(raw);
    else throw new UsageError(`unknown flag --${flag}`);
  }
  return { spec: specFromLink(link), out, datasets, kernels };
}

export interface LinkRun {
  /** The canonical link of what ran. */
  link: string;
  events: RunEvent[];
  done?: Extract<RunEvent, { type: 'done' }>;
  error?: Extract<RunEvent, { type: 'error' }>;
  /** The last value of every metric series. */
  metrics: Record<string, number>;
  seconds: number;
}

/** Runs `spec` through the Runner to its end; `say` gets log lines and progress every `progressMs`. */
export async function runSpec(
  spec: RunSpec,
  deps: { gpu(): Promise<GpuContext>; dataset(name: string): Promise<Dataset> },
  say: (line: string) => void,
  progressMs = 5000,
): Promise<LinkRun> {
  const meta = CATALOGUE.find((m) => m.id === spec.experiment)!;
  const t0 = performance.now();
  let lastSaid = -Infinity;
  const run: LinkRun = { link: encodeSpec(spec, meta), events: [], metrics: {}, seconds: 0 };
  const runner = new Runner({ experiments: CATALOGUE, gpu: deps.gpu, dataset: deps.dataset });
  runner.start(spec, (_token, events) => {
    for (const ev of events) {
      run.events.push(ev);
      if (ev.type === 'metric') run.metrics[ev.name] = ev.value;
      else if (ev.type === 'log') say(ev.message);
      else if (ev.type === 'done') run.done = ev;
      else if (ev.type === 'error') run.error = ev;
      else if (ev.type === 'progress') {
        const now = performance.now();
        if (now - lastSaid < progressMs && ev.step < ev.total) continue;
        lastSaid = now;
        const rate = ev.examplesPerSecond === null ? '' : ` · ${Math.round(ev.examplesPerSecond)} ex/s`;
        const left = ev.etaSeconds === null ? 'estimating the time left' : `about ${Math.round(ev.etaSeconds)} s left`;
        say(`${ev.unit ?? 'step'} ${ev.step} / ${ev.total}${rate} · ${Math.round((now - t0) / 1000)} s, ${left}`);
      }
    }
  });
  await runner.idle();
  run.seconds = (performance.now() - t0) / 1000;
  return run;
}

/** Typed arrays (snapshots) as plain arrays, so that --out is ordinary JSON. */
const plain = (_key: string, v: unknown): unknown =>
  ArrayBuffer.isView(v) ? Array.from(v as unknown as ArrayLike<number>) : v;

/** The `run` command: exit 0 when the run is done, 1 on a run error, 2 on a bad command line. */
export async function runMain(
  argv: string[],
  deps: { gpu(kernels: KernelVariant): Promise<GpuContext>; dataset(dir: string): (name: string) => Promise<Dataset> },
): Promise<number> {
  const args = parsedOrUsage(() => parseRunArgs(argv), runUsage);
  if (!args) return 2;
  let ctx: GpuContext | undefined;
  const gpu = async () => (ctx ??= await deps.gpu(args.kernels));
  const run = await runSpec(args.spec, { gpu, dataset: deps.dataset(resolve(args.datasets)) }, (line) =>
    console.error(line),
  );
  if (run.error) console.error(`error${run.error.kind ? ` (${run.error.kind})` : ''}: ${run.error.message}`);
  const { link, done, error, metrics, seconds } = run;
  console.log(
    JSON.stringify(
      {
        link,
        experiment: args.spec.experiment,
        seed: args.spec.seed,
        params: args.spec.params,
        summary: done?.summary,
        error: error?.message,
        metrics,
        seconds: Math.round(seconds),
      },
      null,
      2,
    ),
  );
  if (args.out) writeFileSync(args.out, JSON.stringify({ link, spec: args.spec, events: run.events }, plain, 2));
  ctx?.destroy();
  return run.error || !done ? 1 : 0;
}
