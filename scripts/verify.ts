/**
 * `npm run verify -- <family|all> [check-id …] [--seeds=a,b,c] [--markdown]`: runs paper checks
 * headless (Node, Dawn WebGPU) and prints one line per check: PASS/FAIL, the claim, and what was
 * measured. Each result is stored in docs/paper-checks.json as soon as its check ends; --markdown
 * then writes docs/paper-checks.md from the store (alone, `npm run verify -- --markdown` only
 * rewrites the page). Exits 1 if any check fails. A check's rule (claim, setting, judge) lives in
 * src/lab/checks/rules/<family>.ts, and the GPU run that measures it in src/lab/checks/<family>.ts.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { GpuContext } from '../src/gpu/context.ts';
import { adapterLabel } from '../src/gpu/device.ts';
import { nodeGpu } from '../src/gpu/node-gpu.ts';
import { loadDataset, type Dataset } from '../src/lab/datasets.ts';
import { fsSource } from '../src/lab/datasets-node.ts';
import type { Check } from '../src/lab/checks/check.ts';
import { mergeRecords, parseRecords, parseSeeds, reportMarkdown, type CheckRecord } from '../src/lab/checks/report.ts';
import { RULE_FAMILIES } from '../src/lab/checks/rules/index.ts';

/** Each family's checks (its rules with the GPU runs that measure them), loaded only to run them. */
const CHECKS: Record<string, () => Promise<{ checks: Check[] }>> = {
  engine: () => import('../src/lab/checks/engine.ts'),
  pruning: () => import('../src/lab/checks/pruning.ts'),
  'lazy-rich': () => import('../src/lab/checks/lazy-rich.ts'),
  landscape: () => import('../src/lab/checks/landscape.ts'),
  attention: () => import('../src/lab/checks/attention.ts'),
  kernels: () => import('../src/lab/checks/kernels.ts'),
  data: () => import('../src/lab/checks/data.ts'),
  representations: () => import('../src/lab/checks/representations.ts'),
};
const STORE = resolve('docs/paper-checks.json');
const PAGE = resolve('docs/paper-checks.md');
const USAGE = `usage: npm run verify -- <family|all> [check-id …] [--seeds=a,b,c] [--markdown]
families: ${RULE_FAMILIES.map((f) => f.id).join(', ')}`;

function fail(message: string): never {
  console.error(`${message}\n${USAGE}`);
  process.exit(2);
}

const args = process.argv.slice(2);
const markdown = args.includes('--markdown');
let seedsOverride: number[] | null = null;
const words: string[] = [];
for (const a of args) {
  if (a === '--markdown') continue;
  if (a.startsWith('--seeds=')) {
    const parsed = parseSeeds(a.slice('--seeds='.length));
    if ('problem' in parsed) fail(parsed.problem);
    seedsOverride = parsed.seeds;
  } else if (a.startsWith('--')) fail(`unknown flag ${a}`);
  else words.push(a);
}
const [family, ...only] = words;
if (family === undefined && !markdown) fail('name a family, or all');
if (family !== undefined && family !== 'all' && !RULE_FAMILIES.some((f) => f.id === family))
  fail(`unknown family ${family}`);

function readStore(): CheckRecord[] {
  const { records, problem } = parseRecords(existsSync(STORE) ? readFileSync(STORE, 'utf8') : null);
  if (problem) console.error(`note: ${STORE}: ${problem}; starting a new store`);
  return records;
}

function commit(): string {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return 'unknown commit';
  }
}

let failed = 0;
if (family !== undefined) {
  const families = RULE_FAMILIES.filter((f) => family === 'all' || f.id === family);
  const loaded = await Promise.all(families.map(async (f) => ({ id: f.id, checks: (await CHECKS[f.id]()).checks })));
  const pool = loaded.flatMap((f) => f.checks.map((check) => ({ family: f.id, check })));
  const selected = only.length
    ? pool.filter(({ check }) => only.includes(check.id))
    : pool.filter(({ check }) => !check.gpuOnly);
  if (!only.length)
    for (const { family: f, check } of pool.filter(({ check }) => check.gpuOnly))
      console.log(
        `SKIP  ${check.id}: needs a GPU (${check.gpuOnly}); run it by name: npm run verify -- ${f} ${check.id}`,
      );
  const unknown = only.filter((id) => !pool.some(({ check }) => check.id === id));
  if (unknown.length)
    fail(`no check named ${unknown.join(', ')}; checks: ${pool.map(({ check }) => check.id).join(', ')}`);

  const gpu = await GpuContext.create(await nodeGpu());
  const adapter = adapterLabel(gpu.report);
  console.error(`WebGPU: ${adapter}`);
  const cache = new Map<string, Promise<Dataset>>();
  const at = commit();
  for (const { family: f, check } of selected) {
    const seeds = seedsOverride ?? check.seeds.judged;
    const reused = seeds.filter((s) => check.seeds.tuned.includes(s));
    if (reused.length)
      console.error(`note: ${check.id} is judged on seeds it was tuned on (${reused.join(', ')}): not a held-out test`);
    const env = {
      gpu,
      seeds,
      dataset: (name: string) => {
        if (!cache.has(name)) cache.set(name, loadDataset(name, fsSource(resolve('public/datasets'))));
        return cache.get(name)!;
      },
      // Seconds since start: on a lent GPU the first lines tell whether a check will fit its lease.
      log: (m: string) => console.error(`  … [${(performance.now() / 1000).toFixed(0)} s] ${m}`),
    };
    const t0 = performance.now();
    let verdict: CheckRecord['verdict'];
    let measured: string;
    try {
      const r = await check.run(env);
      verdict = r.pass ? 'PASS' : 'FAIL';
      measured = r.measured;
    } catch (e) {
      verdict = 'ERROR';
      measured = `error: ${e instanceof Error ? e.message : String(e)}`;
    }
    if (verdict !== 'PASS') failed++;
    const seconds = (performance.now() - t0) / 1000;
    console.log(
      `${verdict.padEnd(5)} ${check.id}: ${measured}  [${seconds.toFixed(0)} s, seeds ${seeds.join(', ')}]\n      claim: ${check.claim}`,
    );
    const record: CheckRecord = {
      id: check.id,
      family: f,
      verdict,
      measured,
      seeds: [...seeds],
      tuned: [...check.seeds.tuned],
      seconds,
      adapter,
      date: new Date().toISOString().slice(0, 10),
      commit: at,
    };
    // Stored as each check ends, so a long run that is stopped keeps what it finished.
    writeFileSync(STORE, `${JSON.stringify(mergeRecords(readStore(), [record]), null, 2)}\n`);
  }
  console.log(`${selected.length - failed} passed, ${failed} failed`);
  gpu.destroy();
}
if (markdown) {
  writeFileSync(PAGE, reportMarkdown(RULE_FAMILIES, readStore()));
  console.error(`wrote ${PAGE}`);
}
process.exit(failed ? 1 : 0);
