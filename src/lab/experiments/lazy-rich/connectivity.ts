/**
 * Liu et al. (2023): the effective rank of the initial connectivity shapes rich vs lazy learning.
 * A two-layer ReLU net starts from W₀ = s·U·Vᵀ of rank r at a fixed Frobenius norm, with the input
 * singular vectors U random or aligned with the teacher's directions, and trains by full-batch GD
 * until its train MSE first reaches a fixed fraction of the initial one. Laziness is read there —
 * every init has then solved the task equally well, so the measures compare how far each had to
 * move (after a fixed step count they mostly measured how fast each init learned): relative weight
 * change, the change of the empirical NTK (‖K−K₀‖/‖K₀‖ and 1 − cos(K, K₀)) and of the hidden
 * representation (1 − linear CKA).
 */
import type { GpuContext } from '../../../gpu/context.ts';
import { binary, mul, unary } from '../../../gpu/kernels/elementwise.ts';
import { matmul } from '../../../gpu/kernels/matmul.ts';
import { norm2, sum } from '../../../gpu/kernels/reduce.ts';
import { kernelDistance, linearCka, relativeChange, twoLayerNtk } from '../../../gpu/laziness.ts';
import type { Tensor } from '../../../gpu/tensor.ts';
import { normalArray } from '../../../gpu/rng.ts';
import { streams } from '../../../gpu/streams.ts';
import type { EventOf, ExperimentRun, RunContext, SpecOf } from '../../experiment.ts';
import type { WorkClock } from '../../progress.ts';
import { spearman } from '../../numerics/stats.ts';
import { TwoLayerNet, type Split } from '../../lazy-rich/two-layer.ts';
import { defineRun } from '../../declare.ts';
import { connectivityRank } from './connectivity-rank.experiment.ts';

export interface ConnectivitySpec {
  dim: number;
  width: number;
  trainSize: number;
  /** Teacher directions K: y = Σ_{k<K} ±|β_k·x| with orthonormal β_k. */
  directions: number;
  lr: number;
  /** Most GD steps per init. */
  steps: number;
  /** Each init stops when its train MSE first reaches this fraction of the initial MSE. */
  target: number;
  seed: number;
}

export interface ConnectivityPoint {
  rank: number;
  aligned: boolean;
  weightChange: number;
  /** ‖K_T − K₀‖/‖K₀‖ of the empirical NTK on the training set. */
  kernelChange: number;
  /** 1 − cos(K_T, K₀): the change of the kernel's direction, blind to its scale. */
  alignmentChange: number;
  /** 1 − linear CKA between the hidden ReLU features at init and at the end. */
  representationChange: number;
  trainLoss: number;
  /** GD steps taken (s.steps when the target was not reached). */
  steps: number;
}

export type Laziness = 'weightChange' | 'kernelChange' | 'alignmentChange' | 'representationChange';

/** cos(A, B) = ⟨A, B⟩/(‖A‖‖B‖) as a [1] tensor. */
function cosine(a: Tensor, b: Tensor): Tensor {
  return a.ctx.scope(() => binary('div', sum(mul(a, b)), mul(norm2(a), norm2(b))));
}

/** Every how many steps the train loss is read back to test the stopping rule. */
const PROBE = 8;

/** Gram–Schmidt on the columns of `m` [rows, cols] (row-major), in place: earlier columns keep their directions. */
export function orthonormalColumns(m: Float64Array, rows: number, cols: number): Float64Array {
  for (let j = 0; j < cols; j++) {
    // Twice for stability (the columns of a near-singular draw lose orthogonality after one pass).
    for (let pass = 0; pass < 2; pass++)
      for (let k = 0; k < j; k++) {
        let d = 0;
        for (let i = 0; i < rows; i++) d += m[i * cols + j] * m[i * cols + k];
        for (let i = 0; i < rows; i++) m[i * cols + j] -= d * m[i * cols + k];
      }
    let n = 0;
    for (let i = 0; i < rows; i++) n += m[i * cols + j] ** 2;
    n = Math.sqrt(n);
    for (let i = 0; i < rows; i++) m[i * cols + j] /= n;
  }
  return m;
}

/** A random orthonormal [rows, cols] whose first columns are `given` (orthonormalized) when set. */
function frame(
  rows: number,
  cols: number,
  seed: number,
  stream: number,
  given?: Float64Array,
  givenCols = 0,
): Float64Array {
  const g = normalArray(rows * cols, { seed, stream });
  const m = Float64Array.from(g);
  for (let j = 0; j < Math.min(givenCols, cols); j++)
    for (let i = 0; i < rows; i++) m[i * cols + j] = given![i * givenCols + j];
  return orthonormalColumns(m, rows, cols);
}

/**
 * W₀ [D, N] = (‖W‖_F/√r)·U·Vᵀ with orthonormal U [D, r], V [N, r]: rank r, all singular values
 * equal, Frobenius norm √(DN), that of an N(0, 1) init (unit-variance pre-activations for x ~ N(0, I/D)). Aligned: U starts with the teacher's β's.
 */
export function lowRankInit(
  D: number,
  N: number,
  rank: number,
  seed: number,
  beta: Float64Array | null,
  K: number,
): Float32Array {
  const r = Math.min(rank, D, N);
  const u = frame(D, r, seed, streams.init(10 + r), beta ?? undefined, beta ? K : 0);
  const v = frame(N, r, seed, streams.init(40 + r));
  const s = Math.sqrt((D * N) / r);
  const w = new Float32Array(D * N);
  for (let i = 0; i < D; i++)
    for (let j = 0; j < N; j++) {
      let acc = 0;
      for (let k = 0; k < r; k++) acc += u[i * r + k] * v[j * r + k];
      w[i * N + j] = s * acc;
    }
  return w;
}

/**
 * Trains one init per (rank, aligned) pair to the target loss and yields the laziness of each
 * there. `work` gets a span of at most `s.steps` per training.
 */
export async function* connectivityRuns(
  gpu: GpuContext,
  s: ConnectivitySpec,
  ranks: readonly number[],
  work: WorkClock,
): AsyncGenerator<EventOf<typeof connectivityRank>, ConnectivityPoint[]> {
  const { dim: D, width: N, trainSize: P, directions: K } = s;
  const beta = frame(D, K, s.seed, streams.data(0));
  const xHost = normalArray(P * D, { seed: s.seed, stream: streams.data(1), std: 1 / Math.sqrt(D) });
  const yHost = new Float32Array(P);
  for (let i = 0; i < P; i++)
    for (let k = 0; k < K; k++) {
      let b = 0;
      for (let j = 0; j < D; j++) b += beta[j * K + k] * xHost[i * D + j] * Math.sqrt(D);
      yHost[i] += (k % 2 === 0 ? 1 : -1) * Math.abs(b);
    }
  const train: Split = { x: gpu.tensor(xHost, [P, D]).keep(), y: gpu.tensor(yHost).keep(), count: P };
  // ±1 readouts: a² = 1, so the first-layer NTK is (Dₓ·Dₓᵀ) ⊙ (X·Xᵀ) with Dₓ = φ' alone.
  const readout = gpu.tensor(Float32Array.from({ length: N }, (_, i) => (i % 2 === 0 ? 1 : -1))).keep();
  const c = 1 / Math.sqrt(N);
  // The centred net starts at f = 0, so the initial train MSE is the mean of y².
  const goal = (s.target * yHost.reduce((acc, v) => acc + v * v, 0)) / P;
  const points: ConnectivityPoint[] = [];
  for (const aligned of [false, true])
    for (const rank of ranks) {
      work.span(s.steps, { label: `the ${aligned ? 'aligned' : 'random'} rank-${rank} run` });
      const w0 = gpu.tensor(lowRankInit(D, N, rank, s.seed, aligned ? beta : null, K), [D, N]).keep();
      const net = new TwoLayerNet(gpu, w0, readout, {
        activation: 'relu',
        loss: 'mse',
        c,
        eps: 0,
        twin: false,
        center: true,
      });
      net.attach(train);
      const k0 = twoLayerNtk(train.x, train.d0!, train.x, train.d0!, c).keep();
      const h0 = gpu.scope(() => unary('relu', matmul(train.x, w0))).keep();
      let taken = s.steps;
      for (let step = 0; step < s.steps; step++) {
        if (step % PROBE === 0) {
          const st = net.evaluate(train);
          const loss = meanLoss(await st.read(), P);
          st.dispose();
          if (loss <= goal) {
            taken = step;
            break;
          }
          await work.step(Math.min(PROBE, s.steps - step));
        }
        net.step(train, s.lr);
      }
      const outs = gpu.scope(() => {
        const w = net.w();
        const d = net.slopes(train.x);
        const k = twoLayerNtk(train.x, d, train.x, d, c);
        return [
          relativeChange([w], [w0]),
          kernelDistance(k, k0),
          cosine(k, k0),
          linearCka(h0, unary('relu', matmul(train.x, w))),
          net.evaluate(train),
        ];
      });
      const [wcH, kcH, cosH, ckaH, stH] = await Promise.all(outs.map((t) => t.read()));
      const pt: ConnectivityPoint = {
        rank: Math.min(rank, D, N),
        aligned,
        weightChange: wcH[0],
        kernelChange: kcH[0],
        alignmentChange: 1 - cosH[0],
        representationChange: 1 - ckaH[0],
        trainLoss: meanLoss(stH, P),
        steps: taken,
      };
      points.push(pt);
      const tag = aligned ? 'aligned' : 'random';
      yield { type: 'metric', name: `rank/weight-change ${tag}`, step: pt.rank, value: pt.weightChange };
      yield { type: 'metric', name: `rank/kernel-change ${tag}`, step: pt.rank, value: pt.kernelChange };
      yield { type: 'metric', name: `rank/alignment-change ${tag}`, step: pt.rank, value: pt.alignmentChange };
      yield {
        type: 'metric',
        name: `rank/representation-change ${tag}`,
        step: pt.rank,
        value: pt.representationChange,
      };
      yield { type: 'metric', name: `rank/steps ${tag}`, step: pt.rank, value: pt.steps };
      yield { type: 'metric', name: `rank/train-loss ${tag}`, step: pt.rank, value: pt.trainLoss };
      [...outs, k0, h0, w0, train.h0!, train.d0!].forEach((t) => t.dispose());
      net.dispose();
    }
  [train.x, train.y, readout].forEach((t) => t.dispose());
  return points;
}

/** Spearman correlation of rank with a laziness measure over one family of inits. */
export function rankCorrelation(points: readonly ConnectivityPoint[], aligned: boolean, key: Laziness): number {
  const ps = points.filter((p) => p.aligned === aligned);
  return spearman(
    ps.map((p) => p.rank),
    ps.map((p) => p[key]),
  );
}

function meanLoss(stats: ArrayLike<number>, P: number): number {
  let loss = 0;
  for (let i = 0; i < P; i++) loss += stats[4 * i] / P;
  return loss;
}

/** Ranks 1, 2, 4, … up to full rank min(D, N). */
export function rankGrid(D: number, N: number): number[] {
  const full = Math.min(D, N);
  const out: number[] = [];
  for (let r = 1; r < full; r *= 2) out.push(r);
  out.push(full);
  return out;
}

async function* run(
  ctx: RunContext,
  spec: SpecOf<typeof connectivityRank>,
): AsyncGenerator<EventOf<typeof connectivityRank>> {
  const q = spec.params;
  const s: ConnectivitySpec = {
    dim: Number(q.dim),
    width: Number(q.width),
    trainSize: Number(q.trainSize),
    directions: Number(q.directions),
    lr: Number(q.lr),
    steps: Number(q.steps),
    target: Number(q.target),
    seed: spec.seed,
  };
  const ranks = rankGrid(s.dim, s.width);
  // At most `steps` per training: one stops once it reaches the target loss.
  ctx.work.plan(2 * ranks.length * s.steps);
  const points = yield* connectivityRuns(ctx.gpu, s, ranks, ctx.work);
  const low = (aligned: boolean) =>
    points.find((p) => p.aligned === aligned && p.rank === Math.min(s.directions, s.dim))!;
  yield {
    type: 'done',
    summary: {
      spearmanRankVsWeightChangeRandom: Number(rankCorrelation(points, false, 'weightChange').toFixed(2)),
      spearmanRankVsKernelChangeRandom: Number(rankCorrelation(points, false, 'kernelChange').toFixed(2)),
      spearmanRankVsAlignmentChangeRandom: Number(rankCorrelation(points, false, 'alignmentChange').toFixed(2)),
      spearmanRankVsRepresentationChangeRandom: Number(
        rankCorrelation(points, false, 'representationChange').toFixed(2),
      ),
      weightChangeRandomAtRankK: Number(low(false).weightChange.toPrecision(3)),
      weightChangeAlignedAtRankK: Number(low(true).weightChange.toPrecision(3)),
    },
  };
}

export const connectivityRankRunner: ExperimentRun = defineRun(connectivityRank, run);
