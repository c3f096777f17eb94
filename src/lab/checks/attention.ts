/**
 * Checks of the attention family: a small ViT reaches the engine issue's MNIST accuracy, and a
 * one-layer transformer learns to sort (the pointer task) on held-out sequences.
 */
import type { Check, CheckEnv } from './check.ts';
import type { RunContext, RunEvent } from '../experiment.ts';
import { defaultSeqSpec } from '../seq-task.ts';
import { vitAttentionRun, type VitRun } from '../experiments/attention/vit.ts';
import { sortAttentionRun } from '../experiments/attention/sort.ts';
import { CONDITIONS, lazyNeuronRun, type LazyRun } from '../experiments/attention/lazy-neuron.ts';

function runContext(env: CheckEnv): RunContext {
  const t0 = performance.now();
  return { gpu: env.gpu, dataset: (n) => env.dataset(n), checkpoint: async () => {}, elapsed: () => (performance.now() - t0) / 1000 };
}

/** Runs an experiment generator to its end; the done summary, or a throw with the error. */
async function finish(events: AsyncGenerator<RunEvent>, env: CheckEnv): Promise<Record<string, number | string>> {
  for await (const ev of events) {
    if (ev.type === 'log') env.log(ev.message);
    if (ev.type === 'metric' && ev.name.endsWith('accuracy')) env.log(`${ev.name} at step ${ev.step}: ${pct(ev.value)}`);
    if (ev.type === 'error') throw new Error(ev.message);
    if (ev.type === 'done') return ev.summary;
  }
  throw new Error('the run ended without a summary');
}

const pct = (v: number) => `${(100 * v).toFixed(2)}%`;

/** First and last value of every `active/…` series of a lazy-neuron run. */
async function activeShares(env: CheckEnv, r: LazyRun): Promise<Map<string, { first: number; last: number }>> {
  const out = new Map<string, { first: number; last: number }>();
  for await (const ev of lazyNeuronRun(runContext(env), r)) {
    if (ev.type === 'error') throw new Error(ev.message);
    if (ev.type !== 'metric' || !ev.name.startsWith('active/')) continue;
    const key = ev.name.slice('active/'.length);
    out.set(key, { first: out.get(key)?.first ?? ev.value, last: ev.value });
  }
  return out;
}

// Sized to finish in about 20 min on SwiftShader under load (~7 examples/s: the fused attention
// kernel dominates); a real GPU can take the whole training split.
export const VIT_CHECK: VitRun = { trainSize: 5000, testSize: 2000, patch: 7, layers: 2, features: 32, heads: 4, lr: 0.003, batch: 32, epochs: 1, examples: 1, seed: 1 };
const SORT_SEEDS = [1, 2, 3];
const SORT_STEPS = 300;
const LAZY_SEEDS = [1, 2, 3];
const LAZY: Omit<LazyRun, 'seed'> = { conditions: CONDITIONS, hidden: [256, 256], trainSize: 2000, lr: 0.05, batch: 64, epochs: 5, probe: 512 };

export const checks: Check[] = [
  {
    id: 'vit-mnist',
    claim:
      `A ViT (7×7 patches, ${VIT_CHECK.layers} layers, d = ${VIT_CHECK.features}, ${VIT_CHECK.heads} heads) trained with Adam for ${VIT_CHECK.epochs} epoch on ` +
      `${VIT_CHECK.trainSize} MNIST digits reaches ≥ 95% accuracy on the first ${VIT_CHECK.testSize} test digits (falsified if < 95%).`,
    async run(env) {
      const s = await finish(vitAttentionRun(runContext(env), VIT_CHECK), env);
      const acc = Number(s.testAccuracy);
      return { pass: acc >= 0.95, measured: `test accuracy ${pct(acc)} (threshold 95%), ${s.steps} steps in ${Number(s.seconds).toFixed(0)} s, seed ${VIT_CHECK.seed}` };
    },
  },
  {
    id: 'sort-length-8',
    claim:
      `A one-layer transformer (d = 32, 2 heads) learns to sort length-8 sequences over 10 tokens: after ${SORT_STEPS} Adam steps of 64 fresh sequences, ` +
      `held-out token accuracy ≥ 99% for every one of seeds ${SORT_SEEDS.join(', ')} (falsified if any seed is below).`,
    async run(env) {
      const accs: number[] = [];
      const seqs: number[] = [];
      for (const seed of SORT_SEEDS) {
        const s = await finish(sortAttentionRun(runContext(env), { ...defaultSeqSpec, task: 'sort', features: 32, heads: 2, lr: 0.005, steps: SORT_STEPS, warmupSteps: 30, evalSize: 1024, seed, logEvery: 50 }), env);
        accs.push(Number(s.testTokenAccuracy));
        seqs.push(Number(s.testSequenceAccuracy));
        env.log(`seed ${seed}: token ${pct(accs.at(-1)!)}, sequence ${pct(seqs.at(-1)!)}`);
      }
      const worst = Math.min(...accs);
      return {
        pass: worst >= 0.99,
        measured: `held-out token accuracy ${accs.map(pct).join(', ')} (min ${pct(worst)}, threshold 99%); whole-sequence ${seqs.map(pct).join(', ')}`,
      };
    },
  },
  {
    id: 'lazy-neuron',
    claim:
      `The share of nonzero ReLU activations of an MLP 784-256-256-10 on a probe batch of its training inputs falls from init to the end of ` +
      `${LAZY.epochs} epochs of SGD on ${LAZY.trainSize} MNIST digits, in every hidden layer, under true labels, random labels and random inputs, ` +
      `for seeds ${LAZY_SEEDS.join(', ')} (falsified if any layer's share does not fall by at least 2 points).`,
    async run(env) {
      const rows: string[] = [];
      let worstDrop = Infinity;
      const byKey = new Map<string, { first: number[]; last: number[] }>();
      for (const seed of LAZY_SEEDS) {
        for (const [key, v] of await activeShares(env, { ...LAZY, seed })) {
          env.log(`seed ${seed} ${key}: ${pct(v.first)} → ${pct(v.last)}`);
          const acc = byKey.get(key) ?? { first: [], last: [] };
          acc.first.push(v.first);
          acc.last.push(v.last);
          byKey.set(key, acc);
          worstDrop = Math.min(worstDrop, v.first - v.last);
        }
        env.log(`seed ${seed} done`);
      }
      for (const [key, v] of byKey) rows.push(`${key} ${v.first.map(pct).join('/')} → ${v.last.map(pct).join('/')}`);
      return { pass: worstDrop >= 0.02, measured: `active share init → end (seeds ${LAZY_SEEDS.join('/')}): ${rows.join('; ')}; smallest drop ${pct(worstDrop)} (threshold 2 points)` };
    },
  },
];
