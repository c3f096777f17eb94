/**
 * Many small two-layer ReLU MLPs trained at once by full-batch Adam on one shared data set, for sampling hypotheses (src/wgsl/ensemble_mlp.wgsl): all models' weights sit in one
 * tensor per layer ([E, d, h] and [E, h, K]), every op of a step is one dispatch over all E models,
 * and nothing is read back inside a step. Inputs carry a ones column, so W1's last row is the
 * hidden bias; the outputs have no bias (targets are centred).
 */
import code from '../../wgsl/ensemble_mlp.wgsl?raw';
import filterGradCode from '../../wgsl/ensemble_filter_grad.wgsl?raw';
import type { GpuContext } from '../context.ts';
import { defineProgram, programModule } from '../program.ts';
import type { Tensor } from '../tensor.ts';
import { fill } from './elementwise.ts';
import { matmul } from './matmul.ts';
import { adamUpdate } from './optim.ts';
import { randomNormal } from './random.ts';

const program = programModule({
  name: 'ensemble-mlp',
  code,
  workgroupSize: 64,
  uniforms: { models: 'u32', rows: 'u32', hidden: 'u32', outputs: 'u32', scale: 'f32' },
});
const BINDINGS = { h: 'read', w2: 'read', src: 'read', dst: 'read_write' } as const;
const headProgram = program('head', BINDINGS);
const hiddenGradProgram = program('hidden_grad', BINDINGS);
const riskProgram = program('risk', BINDINGS);
const filterGradProgram = defineProgram({
  name: 'ensemble-filter-grad',
  code: filterGradCode,
  workgroupSize: 64,
  bindings: { patches: 'read', dz: 'read', dw: 'read_write' },
  uniforms: { models: 'u32', rows: 'u32', inputs: 'u32', channels: 'u32' },
});

/** dW [E, d, c] = Pᵀ·∂Z[e] for shared patch rows P [R, d] and ∂Z [E, R, c]: a thread per weight. */
export function ensembleFilterGrad(patches: Tensor, dz: Tensor): Tensor {
  const [rows, inputs] = patches.shape;
  const [models, dzRows, channels] = dz.shape;
  if (patches.rank !== 2 || dz.rank !== 3 || dzRows !== rows)
    throw new Error(`ensembleFilterGrad: patches [${patches.shape}] and ∂Z [${dz.shape}] do not match`);
  const dw = patches.ctx.empty([models, inputs, channels]);
  filterGradProgram.run(patches.ctx, {
    bindings: { patches, dz, dw },
    uniforms: { models, rows, inputs, channels },
    threads: dw.size,
  });
  return dw;
}

/**
 * Weights of E models: w1 [E, d, c] (last input row = hidden bias), w2 [E, L·c, K]. With L = 1 a
 * model is an MLP of width c; with L > 1 its first layer is a convolution: the input rows are
 * the L patches of each example (im2col, done once by the caller), w1 is the filter bank shared
 * across positions, and the readout sees all L·c feature-map values.
 */
export interface EnsembleMlp {
  w1: Tensor;
  w2: Tensor;
  /** Patches per example (1: an MLP). */
  positions: number;
}

export interface EnsembleMlpInit {
  models: number;
  /** Input (or patch) width including the ones column. */
  inputs: number;
  /** Hidden units (an MLP) or channels (a convolution). */
  hidden: number;
  outputs: number;
  /** Patches per example; 1 (the default) for an MLP. */
  positions?: number;
  seed: number;
  /** Philox stream of W1; W2 uses the next one. */
  stream: number;
}

/**
 * Gaussian init with PyTorch nn.Linear's variance 1/(3·fan-in) (the paper's networks), the hidden
 * bias included; model e's draw is its slice of one stream.
 */
export function ensembleMlpInit(ctx: GpuContext, o: EnsembleMlpInit): EnsembleMlp {
  const positions = o.positions ?? 1;
  return {
    positions,
    w1: randomNormal(ctx, [o.models, o.inputs, o.hidden], {
      seed: o.seed,
      stream: o.stream,
      std: Math.sqrt(1 / (3 * o.inputs)),
    }),
    w2: randomNormal(ctx, [o.models, positions * o.hidden, o.outputs], {
      seed: o.seed,
      stream: o.stream + 1,
      std: Math.sqrt(1 / (3 * positions * o.hidden)),
    }),
  };
}

function shapes(h: Tensor, w2: Tensor) {
  if (h.rank !== 3 || w2.rank !== 3 || h.shape[0] !== w2.shape[0] || h.shape[2] !== w2.shape[1])
    throw new Error(`ensemble-mlp: hidden [${h.shape}] and W2 [${w2.shape}] do not match`);
  const [models, rows, hidden] = h.shape;
  return { models, rows, hidden, outputs: w2.shape[2] };
}

function checkTargets(y: Tensor, rows: number, outputs: number): void {
  if (y.rank !== 2 || y.shape[0] !== rows || y.shape[1] !== outputs)
    throw new Error(`ensemble-mlp: targets [${y.shape}] must be [${rows}, ${outputs}]`);
}

/** The same values under another shape (one buffer copy: a convolution's [E, n·L, c] is [E, n, L·c]). */
function reshaped(t: Tensor, shape: number[]): Tensor {
  const out = t.ctx.empty(shape);
  if (out.size !== t.size) throw new Error(`ensemble-mlp: cannot view [${t.shape}] as [${shape}]`);
  t.ctx.copy(t, out, t.bytes);
  return out;
}

/** H [E, n, L·c] = ReLU(X·W1[e]) for the shared input rows X [n·L, d]. */
export function ensembleHidden(x: Tensor, net: EnsembleMlp): Tensor {
  const z = matmul(x, net.w1, { activation: 'relu' });
  if (net.positions === 1) return z;
  const [E, rows, c] = z.shape;
  if (rows % net.positions !== 0)
    throw new Error(`ensemble-mlp: ${rows} rows are not whole sets of ${net.positions} patches`);
  return reshaped(z, [E, rows / net.positions, net.positions * c]);
}

/**
 * One dispatch of an entry reading H, W2 and `src` into a new [outShape] tensor, a thread per
 * output element; `scale` is the entry's factor (see ensemble_mlp.wgsl).
 */
function dispatch(
  entry: typeof headProgram,
  h: Tensor,
  w2: Tensor,
  src: Tensor,
  outShape: (s: ReturnType<typeof shapes>) => number[],
  scale: (rows: number) => number,
): Tensor {
  const s = shapes(h, w2);
  const out = h.ctx.empty(outShape(s));
  entry.run(h.ctx, { bindings: { h, w2, src, dst: out }, uniforms: { ...s, scale: scale(s.rows) }, threads: out.size });
  return out;
}

/** G [E, n, K] = ∂loss/∂f = (2/n)·(H·W2 − Y) for the shared targets Y [n, K]. */
export function ensembleHead(h: Tensor, w2: Tensor, y: Tensor): Tensor {
  checkTargets(y, h.shape[1], w2.shape[2]);
  return dispatch(
    headProgram,
    h,
    w2,
    y,
    (s) => [s.models, s.rows, s.outputs],
    (rows) => 2 / rows,
  );
}

/** ∂Z [E, n, h] = (G·W2ᵀ) ⊙ [H > 0]. */
export function ensembleHiddenGrad(h: Tensor, w2: Tensor, g: Tensor): Tensor {
  if (g.rank !== 3 || g.shape[0] !== h.shape[0] || g.shape[1] !== h.shape[1] || g.shape[2] !== w2.shape[2])
    throw new Error(`ensembleHiddenGrad: G [${g.shape}] does not match hidden [${h.shape}] and W2 [${w2.shape}]`);
  return dispatch(
    hiddenGradProgram,
    h,
    w2,
    g,
    () => [...h.shape],
    () => 1,
  );
}

/** Each model's risk [E]: squared error summed over the K outputs, averaged over the n rows. */
export function ensembleRisk(h: Tensor, w2: Tensor, y: Tensor): Tensor {
  checkTargets(y, h.shape[1], w2.shape[2]);
  return dispatch(
    riskProgram,
    h,
    w2,
    y,
    (s) => [s.models],
    (rows) => 1 / rows,
  );
}

/** Each model's risk on (X, Y). */
export function ensembleMlpRisk(x: Tensor, y: Tensor, net: EnsembleMlp): Tensor {
  return x.ctx.scope(() => ensembleRisk(ensembleHidden(x, net), net.w2, y));
}

/** ∂risk/∂W1 and ∂risk/∂W2 of every model (∂W1 only with `hiddenToo`). */
export function ensembleMlpGrads(
  x: Tensor,
  y: Tensor,
  net: EnsembleMlp,
  hiddenToo = true,
): { dw1: Tensor | null; dw2: Tensor } {
  const h = ensembleHidden(x, net);
  const g = ensembleHead(h, net.w2, y);
  const dw2 = matmul(h, g, { transA: true });
  if (!hiddenToo) return { dw1: null, dw2 };
  const dz = ensembleHiddenGrad(h, net.w2, g);
  // A convolution's reduction runs over every patch row: its own kernel keeps the threads busy.
  const dw1 =
    net.positions === 1
      ? matmul(x, dz, { transA: true })
      : ensembleFilterGrad(x, reshaped(dz, [dz.shape[0], x.shape[0], net.w1.shape[2]]));
  return { dw1, dw2 };
}

/** Adam's moment estimates for every weight of every model, zero at the start. */
export interface EnsembleAdamState {
  m1: Tensor;
  v1: Tensor;
  m2: Tensor;
  v2: Tensor;
}

export function ensembleAdamState(net: EnsembleMlp): EnsembleAdamState {
  const zeros = (t: Tensor) => fill(t.ctx, t.shape, 0);
  return { m1: zeros(net.w1), v1: zeros(net.w1), m2: zeros(net.w2), v2: zeros(net.w2) };
}

export interface EnsembleStepOptions {
  lr: number;
  /** 1-based step number, for Adam's bias corrections. */
  step: number;
  /**
   * ensembleHidden(X, net) when W1 is frozen (a random-feature model whose readout alone is trained): computed
   * once by the caller, so a step is the head, one small matmul and the readout's update.
   */
  frozenHidden?: Tensor;
}

const ADAM = { beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0, decoupled: false } as const;

/** One Adam step of every model (PyTorch's defaults, as the paper's code), in place; no readback. */
export function ensembleMlpStep(
  x: Tensor,
  y: Tensor,
  net: EnsembleMlp,
  state: EnsembleAdamState,
  o: EnsembleStepOptions,
): void {
  x.ctx.scope(() => {
    const hyper = { ...ADAM, lr: o.lr, step: o.step };
    if (o.frozenHidden) {
      const g = ensembleHead(o.frozenHidden, net.w2, y);
      adamUpdate(net.w2, matmul(o.frozenHidden, g, { transA: true }), state.m2, state.v2, hyper);
      return;
    }
    const { dw1, dw2 } = ensembleMlpGrads(x, y, net);
    adamUpdate(net.w1, dw1!, state.m1, state.v1, hyper);
    adamUpdate(net.w2, dw2, state.m2, state.v2, hyper);
  });
}
