/**
 * The pruning family's checks (rules: rules/pruning.ts): the GPU runs that measure them, on data
 * drawn once for every seed, with accuracies read at the validation early stop where the rule says so.
 */
import { seededSubset } from '../datasets.ts';
import { GpuSplit } from '../loader.ts';
import { disposeModel } from '../../gpu/nn.ts';
import { erkDensities } from '../../gpu/pruning.ts';
import {
  buildNet,
  imp,
  layersOf,
  randomMasks,
  rewindSweep,
  setMasks,
  trainFrom,
  type Dims,
  type ImpSpec,
  type Instability,
  type RoundResult,
} from '../experiments/pruning/core.ts';
import { checkOf, type Check, type CheckEnv } from './check.ts';
import { pt } from './format.ts';
import { atInitChecks } from './pruning-at-init.ts';
import {
  CONV2_REWIND,
  LTT_TEST,
  LTT_TRAIN,
  LTT_VAL,
  lotteryTicket,
  lttSpec,
  randomPruning,
  RESNET_REWIND,
  RESNET_TRAIN,
  rewindRule,
  RP_DENSITY,
  RP_WIDTHS,
  rpSpec,
  SMALL_INIT_REWIND,
  type LotteryMeasure,
  type RewindMeasure,
  type RewindSetting,
  type WidthMeasure,
} from './rules/pruning.ts';

const MNIST: Dims = { inputs: 784, classes: 10 };
const CIFAR: Dims = { inputs: 32 * 32 * 3, classes: 10, shape: [32, 32, 3] };

/**
 * `trainSize` train images and, when `valSize` > 0, a disjoint validation split from the same seeded
 * draw of the train set (never from test), and the first `testSize` test images.
 */
async function splits(
  env: CheckEnv,
  trainSize: number,
  testSize: number,
  valSize = 0,
  dataset = 'mnist',
): Promise<{ train: GpuSplit; test: GpuSplit; val?: GpuSplit }> {
  const data = await env.dataset(dataset);
  const drawn = seededSubset(data.train, trainSize + valSize, 1);
  return {
    train: new GpuSplit(env.gpu, data, data.train, drawn.subarray(0, trainSize)),
    test: new GpuSplit(
      env.gpu,
      data,
      data.test,
      Uint32Array.from({ length: testSize }, (_, i) => i),
    ),
    val: valSize > 0 ? new GpuSplit(env.gpu, data, data.train, drawn.subarray(trainSize)) : undefined,
  };
}

/** Runs IMP on MNIST to the end and returns every round (and disposes the model). */
async function runImp(
  env: CheckEnv,
  train: GpuSplit,
  test: GpuSplit,
  spec: ImpSpec,
  seed: number,
  val?: GpuSplit,
): Promise<RoundResult[]> {
  const rounds: RoundResult[] = [];
  const it = imp(env.gpu, train, test, spec, seed, MNIST, { val });
  for (;;) {
    const r = await it.next();
    if (r.done) {
      disposeModel(r.value.model);
      return rounds;
    }
    rounds.push(r.value);
  }
}

async function lotteryRuns(env: CheckEnv): Promise<LotteryMeasure[]> {
  const { train, test, val } = await splits(env, LTT_TRAIN, LTT_TEST, LTT_VAL);
  try {
    const out: LotteryMeasure[] = [];
    for (const seed of env.seeds) {
      const rounds = await runImp(env, train, test, lttSpec, seed, val);
      const first = rounds[0];
      const last = rounds[rounds.length - 1];
      out.push({
        dense: first.ticket.earlyStopAccuracy,
        ticket: last.ticket.earlyStopAccuracy,
        reinit: last.reinit!.earlyStopAccuracy,
        esDense: first.ticket.earlyStopStep,
        esTicket: last.ticket.earlyStopStep,
        esReinit: last.reinit!.earlyStopStep,
        remaining: last.remaining,
        steps: lttSpec.steps,
      });
      env.log(
        `seed ${seed}: ${rounds.map((r) => `${(100 * r.remaining).toFixed(1)}%→${pt(r.ticket.earlyStopAccuracy)} (es ${r.ticket.earlyStopStep}, final ${pt(r.ticket.accuracy)})`).join(', ')}; ` +
          `reinit ${pt(last.reinit!.earlyStopAccuracy)} (es ${last.reinit!.earlyStopStep}, final ${pt(last.reinit!.accuracy)})`,
      );
    }
    return out;
  } finally {
    train.dispose();
    test.dispose();
    val?.dispose();
  }
}

/**
 * One seed, both rewind points from one dense run (rewindSweep with one round: one-shot global
 * magnitude pruning): for each rewind point the survivors are rewound there and trained twice,
 * with the dense run's data order (copy A: the ticket itself) and another (copy B), for the error
 * barrier on the line between the copies.
 */
async function rewindSeed(
  env: CheckEnv,
  s: RewindSetting,
  dims: Dims,
  train: GpuSplit,
  test: GpuSplit,
  seed: number,
): Promise<RewindMeasure> {
  let dense = NaN;
  let remaining = NaN;
  const inst: Record<number, Instability> = {};
  for await (const item of rewindSweep(env.gpu, train, test, s.spec, [0, s.rewind], seed, dims, 11)) {
    if ('round' in item) {
      if (item.round.round === 0 && item.index === 0) {
        dense = item.round.ticket.accuracy;
        env.log(`seed ${seed}: dense ${pt(dense)}`);
      }
    } else {
      inst[item.k] = item.instability;
      remaining = item.last.remaining;
    }
  }
  for (const j of [0, s.rewind])
    env.log(
      `seed ${seed} k=${j}: dense ${pt(dense)}, ticket at ${(100 * remaining).toFixed(1)}% ${pt(inst[j].accuracyA)} (copy B ${pt(inst[j].accuracyB)}), barrier ${pt(inst[j].barrier)} pt (errors ${inst[j].errors.map(pt).join(' ')})`,
    );
  return {
    dense,
    k: s.rewind,
    acc: [inst[0].accuracyA, inst[s.rewind].accuracyA],
    barrier: [inst[0].barrier, inst[s.rewind].barrier],
  };
}

function rewindCheck(
  s: RewindSetting,
  splitsOf: (env: CheckEnv) => Promise<{ train: GpuSplit; test: GpuSplit }>,
  dims = CIFAR,
): Check {
  return checkOf(rewindRule(s), async (env) => {
    const { train, test } = await splitsOf(env);
    try {
      const out: RewindMeasure[] = [];
      for (const seed of env.seeds) out.push(await rewindSeed(env, s, dims, train, test, seed));
      return out;
    } finally {
      train.dispose();
      test.dispose();
    }
  });
}

/** Liu et al. 2022: for each seed and width, the dense net and the same init under a random ERK mask. */
async function widthRuns(env: CheckEnv): Promise<WidthMeasure[]> {
  const { train, test, val } = await splits(env, 1000, 2000, 500, 'fashion-mnist');
  try {
    const out: WidthMeasure[] = [];
    for (const seed of env.seeds) {
      const m: WidthMeasure = { widths: RP_WIDTHS, dense: [], sparse: [] };
      for (const w of RP_WIDTHS) {
        const spec = { ...rpSpec, hidden: [w, w] };
        for (const method of ['dense', 'sparse'] as const) {
          const model = buildNet(env.gpu, spec, seed, MNIST);
          try {
            if (method === 'sparse')
              setMasks(
                model,
                randomMasks(
                  model,
                  erkDensities(
                    layersOf(model).map((l) => [...l.weight.shape]),
                    RP_DENSITY,
                  ),
                  seed,
                ),
              );
            m[method].push((await trainFrom(model, train, test, spec, seed, 0, { val })).earlyStopAccuracy);
          } finally {
            disposeModel(model);
          }
        }
      }
      env.log(
        `seed ${seed}: ${RP_WIDTHS.map((w, wi) => `w=${w} dense ${pt(m.dense[wi])} sparse ${pt(m.sparse[wi])}`).join('; ')}`,
      );
      out.push(m);
    }
    return out;
  } finally {
    train.dispose();
    test.dispose();
    val?.dispose();
  }
}

export const checks: Check[] = [
  checkOf(lotteryTicket, lotteryRuns),
  rewindCheck(CONV2_REWIND, (env) => splits(env, 2000, 1000, 0, 'cifar10')),
  rewindCheck(SMALL_INIT_REWIND, (env) => splits(env, 5000, 2000, 0, 'fashion-mnist'), MNIST),
  rewindCheck(RESNET_REWIND, async (env) => {
    const data = await env.dataset('cifar10');
    const first = (n: number) => Uint32Array.from({ length: n }, (_, i) => i);
    return {
      train: new GpuSplit(env.gpu, data, data.train, first(RESNET_TRAIN)),
      test: new GpuSplit(env.gpu, data, data.test, first(1000)),
    };
  }),
  checkOf(randomPruning, widthRuns),
  ...atInitChecks,
];
