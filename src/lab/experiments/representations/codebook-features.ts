/**
 * Codebook features on TokFSM: a bottlenecked and a plain causal transformer train side by side on
 * fresh trajectories; at four points of training both are scored on a held-out set, and the
 * bottlenecked one's codes are matched to states and intervened on.
 *
 * Metrics (step = training step of the evaluation): valid-accuracy {codebook, plain}; per layer
 * L<i>: codes/precise-share (share of states with a code of precision ≥ 0.9), codes/active (codes
 * chosen anywhere in the held-out set); intervention/success {matched, random, none}: at the last
 * position of each held-out sequence the last layer is forced to a target state's best code (or a
 * random code, or nothing), scored by whether the predicted next digit can follow the target state
 * but not the true one. Snapshots: codes/confusion L<i> [states, states].
 */
import type { EventOf, ExperimentRun, RunContext, SpecOf } from '../../experiment.ts';
import type { GpuContext } from '../../../gpu/context.ts';
import { noGrad } from '../../../gpu/autograd.ts';
import { argmax } from '../../../gpu/kernels/reduce.ts';
import { NO_CODE } from '../../../gpu/kernels/codebook.ts';
import { MetricAccumulator } from '../../../gpu/kernels/metrics.ts';
import { bitsArray } from '../../../gpu/rng.ts';
import { disposeModel, parameterCount } from '../../../gpu/nn.ts';
import { streams } from '../../../gpu/streams.ts';
import { CodebookTransformer } from '../../../gpu/models/codebook-transformer.ts';
import { buildOptimizer, buildSchedule, trainStep } from '../../train.ts';
import { readWindow, logEveryFor, warmupFor } from '../../train-events.ts';
import { codeStates, preciseShare, type StateCode } from '../../representations/code-states.ts';
import {
  firstDigitsAfter,
  fsmBatch,
  makeFsm,
  stateAt,
  validNext,
  type Fsm,
  type FsmBatch,
} from '../../representations/fsm.ts';
import { defineRun } from '../../declare.ts';
import { codebookFeatures } from './codebook-features.experiment.ts';

type Event = EventOf<typeof codebookFeatures>;
type Params = SpecOf<typeof codebookFeatures>['params'];

/** The catalogue's bar for a code that means a state. */
export const PRECISION_BAR = 0.9;
const EVALUATIONS = 4;
/** Training steps between dead-code revivals (layers/codebook.ts). */
const REVIVE_EVERY = 25;

interface Pass {
  /** [rows] argmax next token. */
  predicted: Uint32Array;
  /** Per codebook layer, [rows·k] chosen codes. */
  ids: Uint32Array[];
}

/** One no-grad forward of `inputs` [count, length], reading predictions and the codes chosen. */
async function pass(
  gpu: GpuContext,
  model: CodebookTransformer,
  inputs: Uint32Array,
  count: number,
  length: number,
): Promise<Pass> {
  const out = gpu.scope(() =>
    noGrad(gpu, () => {
      const logits = model.forward(gpu.tensor(inputs, [count, length], 'u32'));
      return { predicted: argmax(logits, 1), ids: model.codebooks.map((c) => c.lastIds!) };
    }),
  );
  gpu.flush();
  const predicted = (await out.predicted.read()) as Uint32Array;
  const ids = await Promise.all(out.ids.map(async (t) => (await t.read()) as Uint32Array));
  out.predicted.dispose();
  for (const t of out.ids) t.dispose();
  return { predicted, ids };
}

function validAccuracy(f: Fsm, b: FsmBatch, length: number, predicted: Uint32Array): number {
  let ok = 0;
  const count = predicted.length / length;
  for (let e = 0; e < count; e++)
    for (let t = 0; t < length; t++) ok += validNext(f, b, length, e, t).has(predicted[e * length + t]) ? 1 : 0;
  return ok / predicted.length;
}

interface Trial {
  row: number;
  from: number;
  to: number;
  /** Next digits that can follow `to` but not `from`: a prediction there was steered. */
  steered: Set<number>;
}

/**
 * One trial per held-out sequence: its last position ends a state `from`; the target is a state
 * with a precise-enough code whose successors start with a digit that `from`'s cannot, drawn from
 * Philox so the trials are the same for every arm.
 */
function trials(f: Fsm, b: FsmBatch, length: number, best: readonly StateCode[], seed: number): Trial[] {
  const count = b.inputs.length / length;
  const t = length - 1;
  const bits = bitsArray(count, { seed, stream: streams.data(2) });
  const out: Trial[] = [];
  for (let e = 0; e < count; e++) {
    const from = stateAt(f, b, length, e, t);
    const fromDigits = firstDigitsAfter(f, from);
    const targets = best
      .map((_, s) => ({ s, steered: new Set([...firstDigitsAfter(f, s)].filter((d) => !fromDigits.has(d))) }))
      .filter(({ s, steered }) => s !== from && best[s].code >= 0 && steered.size > 0);
    if (targets.length === 0) continue;
    const pick = targets[bits[e] % targets.length];
    out.push({ row: e * length + t, from, to: pick.s, steered: pick.steered });
  }
  return out;
}

async function intervene(
  gpu: GpuContext,
  model: CodebookTransformer,
  b: FsmBatch,
  length: number,
  list: readonly Trial[],
  codeFor: (trial: Trial, i: number) => number | null,
): Promise<number> {
  const rows = b.inputs.length;
  const forced = new Uint32Array(rows).fill(NO_CODE);
  list.forEach((trial, i) => {
    const c = codeFor(trial, i);
    if (c !== null) forced[trial.row] = c;
  });
  const last = model.codebooks[model.codebooks.length - 1];
  last.forced = gpu.tensor(forced, [rows], 'u32');
  try {
    const { predicted } = await pass(gpu, model, b.inputs, rows / length, length);
    return list.filter((trial) => trial.steered.has(predicted[trial.row])).length / Math.max(1, list.length);
  } finally {
    last.forced.dispose();
    last.forced = null;
  }
}

export async function* codebookFeaturesRun(
  ctx: RunContext,
  spec: SpecOf<typeof codebookFeatures>,
): AsyncGenerator<Event> {
  const gpu = ctx.gpu;
  const p: Params = spec.params;
  const f = makeFsm(p.states, p.base, p.edges, spec.seed);
  const length = p.trajectory * f.digits;
  const shape = {
    length,
    vocab: p.base,
    layers: p.layers,
    features: p.features,
    heads: p.heads,
    k: p.k,
    commitment: p.commitment,
    seed: spec.seed,
  };
  const arms = [
    { name: 'codebook', model: new CodebookTransformer(gpu, { ...shape, codes: p.codes }) },
    { name: 'plain', model: new CodebookTransformer(gpu, { ...shape, codes: 0 }) },
  ] as const;
  const optimizers = arms.map((a) =>
    buildOptimizer(a.model, { optimizer: 'adam', lr: p.lr, momentum: 0, weightDecay: 0 }),
  );
  const metrics = arms.map(() => new MetricAccumulator(gpu));
  const lrAt = buildSchedule({ schedule: 'cosine', lr: p.lr, warmupSteps: warmupFor(p.steps) }, p.steps);
  const held = fsmBatch(f, p.evalSize, length, spec.seed, streams.data(1));
  const logEvery = logEveryFor(p.steps);
  const evalAt = new Set(Array.from({ length: EVALUATIONS }, (_, i) => Math.round(((i + 1) * p.steps) / EVALUATIONS)));
  const labels = Array.from({ length: p.states }, (_, s) => String(s).padStart(f.digits, '0'));
  const codebook = arms[0].model;

  const evaluate = async function* (step: number): AsyncGenerator<Event> {
    const [cb, plain] = [
      await pass(gpu, codebook, held.inputs, p.evalSize, length),
      await pass(gpu, arms[1].model, held.inputs, p.evalSize, length),
    ];
    yield {
      type: 'metric',
      name: 'valid-accuracy codebook',
      step,
      value: validAccuracy(f, held, length, cb.predicted),
    };
    yield {
      type: 'metric',
      name: 'valid-accuracy plain',
      step,
      value: validAccuracy(f, held, length, plain.predicted),
    };
    let best: StateCode[] = [];
    for (const [l, ids] of cb.ids.entries()) {
      const stats = codeStates(f, held, length, ids, p.k, p.codes);
      best = stats.best;
      yield { type: 'metric', name: `codes/precise-share L${l}`, step, value: preciseShare(stats.best, PRECISION_BAR) };
      yield { type: 'metric', name: `codes/active L${l}`, step, value: new Set(ids).size };
      yield {
        type: 'snapshot',
        snapshot: {
          kind: 'heatmap',
          name: `codes/confusion L${l}`,
          step,
          shape: [p.states, p.states],
          data: stats.confusion,
          labels,
        },
      };
    }
    // `best` is the last layer's: the layer the interventions force.
    const list = trials(f, held, length, best, spec.seed);
    const random = bitsArray(list.length, { seed: spec.seed, stream: streams.data(3) });
    const arm = {
      matched: (t: Trial) => best[t.to].code,
      random: (_: Trial, i: number) => random[i] % p.codes,
      none: () => null,
    };
    for (const [name, codeFor] of Object.entries(arm))
      yield {
        type: 'metric',
        name: `intervention/success ${name}`,
        step,
        value: await intervene(gpu, codebook, held, length, list, codeFor),
      };
  };

  try {
    yield {
      type: 'log',
      message:
        `TokFSM: ${p.states} states × ${p.edges} successors, ${f.digits} base-${p.base} digits each, ${length}-token sequences; ` +
        `transformer ${parameterCount(arms[1].model).toLocaleString('en-US')} parameters, with codebooks ${parameterCount(codebook).toLocaleString('en-US')}`,
    };
    ctx.work.plan(p.steps);
    ctx.work.span(p.steps, { examplesPerUnit: 2 * p.batch });
    for (let step = 0; step < p.steps; step++) {
      await ctx.work.step();
      // Step 0 too: every code starts as a block output row (all are unused), at the data's scale.
      if (step % REVIVE_EVERY === 0) for (const c of codebook.codebooks) c.reviveDead(spec.seed * 100003 + step);
      const b = fsmBatch(f, p.batch, length, spec.seed, streams.noise(step, 0));
      for (const [i, { model }] of arms.entries())
        gpu.scope(() =>
          trainStep(
            model,
            optimizers[i],
            gpu.tensor(b.inputs, [p.batch, length], 'u32'),
            gpu.tensor(b.targets, [p.batch * length], 'u32'),
            lrAt(step),
            metrics[i],
            step,
          ),
        );
      gpu.flush();
      const done = step + 1;
      if (done % logEvery === 0 || done === p.steps)
        for (const [i, { name }] of arms.entries()) {
          const m = yield* readWindow(metrics[i]);
          if (!m) return;
          yield { type: 'metric', name: `train/loss ${name}`, step: done, value: m.loss };
        }
      if (evalAt.has(done)) yield* evaluate(done);
    }
    yield { type: 'done', summary: { steps: p.steps, tokens: length, digits: f.digits } };
  } finally {
    for (const m of metrics) m.dispose();
    for (const o of optimizers) o.dispose();
    for (const a of arms) disposeModel(a.model);
  }
}

export const codebookFeaturesRunner: ExperimentRun = defineRun(codebookFeatures, codebookFeaturesRun);
