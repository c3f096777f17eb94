/**
 * Kernels of the batched weight-plane evaluation (src/wgsl/plane_batch.wgsl): linear
 * combinations of three stacked terms with per-point coefficients (1, α, β), a per-point bias
 * with an activation, and a fused output layer with cross-entropy against one shared label set.
 */
import code from '../../wgsl/plane_batch.wgsl?raw';
import { defineProgram, programModule } from '../program.ts';
import { sizeOf, type Tensor } from '../tensor.ts';
import type { Activation } from './matmul.ts';
import { withActivations } from './activations.ts';

const source = withActivations(code);
const DEFINES = ['ACT', 'ACT_OUT', 'C', 'HIDDEN', 'HEAD_DECL', 'HEAD_STEP', 'HEAD_STORE'] as const;
const program = programModule({
  name: 'plane-batch',
  code: source,
  workgroupSize: 256,
  uniforms: { points: 'u32', n: 'u32', cols: 'u32' },
  defines: DEFINES,
});
// These entries share binding numbers with head's (plane_batch.wgsl), so they name their uniform variable.
const combineProgram = program('combine', { a0: 'read', b1: 'read', o2: 'read_write' }, 'p3');
const biasActProgram = program('bias_act', { a0: 'read', b1: 'read', o2: 'read_write' }, 'p3');
const headProgram = defineProgram({
  name: 'plane-batch-head',
  code: source,
  entry: 'head',
  workgroupSize: 256,
  bindings: {
    x0: 'read',
    w1: 'read',
    bias2: 'read',
    lab3: 'read',
    loss4: 'read_write',
    cor5: 'read_write',
    // The points' coefficients, bound for a stacked input only.
    cf6: 'read?',
  },
  uniforms: { points: 'u32', rows: 'u32', inw: 'u32', nan: 'f32' },
  uniformVar: 'hp',
  defines: DEFINES,
});
/** Every template of the file needs a value; these fill the ones an entry does not use. */
const UNUSED = {
  ACT: 'act_identity',
  ACT_OUT: 'act_identity',
  C: 1,
  HIDDEN: '0.0',
  HEAD_DECL: '',
  HEAD_STEP: '',
  HEAD_STORE: '',
};

/** The output layer's class loop for C classes as vec4 accumulators (padding lanes re-read class C − 1 and are dropped). */
function headBlock(C: number): { HEAD_DECL: string; HEAD_STEP: string; HEAD_STORE: string } {
  const quads = [...Array(Math.ceil(C / 4)).keys()];
  const lanes = (q: number): string => [0, 1, 2, 3].map((r) => `w1[wk + ${Math.min(4 * q + r, C - 1)}u]`).join(', ');
  return {
    HEAD_DECL: quads.map((q) => `var acc${q} = vec4f(0.0);`).join('\n  '),
    HEAD_STEP: quads.map((q) => `acc${q} += hk * vec4f(${lanes(q)});`).join('\n    '),
    HEAD_STORE: [...Array(C).keys()].map((j) => `logit[${j}] = acc${j >> 2}[${j & 3}];`).join('\n  '),
  };
}

function checkF32(name: string, ...ts: Tensor[]): void {
  for (const t of ts) {
    t.assertLive();
    if (t.dtype !== 'f32') throw new Error(`${name}: expected f32 tensors, got ${t.dtype} [${t.shape}]`);
  }
}

/**
 * act(coefs · stack) for coefs [P, 3] and stack [3, …]: row p is c[p,0]·s[0] + c[p,1]·s[1] +
 * c[p,2]·s[2], returned as `outShape` (P rows of the stack's row size, in any shape).
 */
export function planeCombine(
  coefs: Tensor,
  stack: Tensor,
  outShape: readonly number[],
  activation: Activation = 'identity',
): Tensor {
  checkF32('planeCombine', coefs, stack);
  if (coefs.rank !== 2 || coefs.shape[1] !== 3)
    throw new Error(`planeCombine: coefficients [${coefs.shape}] must be [P, 3]`);
  if (stack.shape[0] !== 3) throw new Error(`planeCombine: stack [${stack.shape}] must be [3, …]`);
  const P = coefs.shape[0];
  const n = stack.size / 3;
  if (sizeOf(outShape) !== P * n) throw new Error(`planeCombine: ${P} rows of ${n} values cannot fill [${outShape}]`);
  const out = coefs.ctx.empty(outShape);
  if (out.size > 0) {
    combineProgram.run(coefs.ctx, {
      bindings: { a0: coefs, b1: stack, o2: out },
      uniforms: { points: P, n, cols: 1 },
      defines: { ...UNUSED, ACT: `act_${activation}` },
      threads: out.size,
    });
  }
  return out;
}

/** act(x[p, r, j] + bias[p, j]) for x [P, R, C] and bias [P, C]: a bias row per point. */
export function pointBiasActivation(x: Tensor, bias: Tensor, activation: Activation): Tensor {
  checkF32('pointBiasActivation', x, bias);
  if (x.rank !== 3 || bias.rank !== 2 || bias.shape[0] !== x.shape[0] || bias.shape[1] !== x.shape[2]) {
    throw new Error(`pointBiasActivation: x [${x.shape}] must be [P, R, C] with bias [P, C], got bias [${bias.shape}]`);
  }
  const [P, R, C] = x.shape;
  const out = x.ctx.empty(x.shape);
  if (out.size > 0) {
    biasActProgram.run(x.ctx, {
      bindings: { a0: x, b1: bias, o2: out },
      uniforms: { points: P, n: R * C, cols: C },
      defines: { ...UNUSED, ACT: `act_${activation}` },
      threads: out.size,
    });
  }
  return out;
}

/** What feeds the output layer: the last hidden layer's output, or the first layer's stacked terms. */
export type HeadInput = { hidden: Tensor } | { stack: Tensor; activation: Activation };

/**
 * The output layer and its softmax cross-entropy for P points scoring the same R examples:
 * logits act(h·weight[p] + bias[p]) with weight [P, in, C] and bias [P, C], against u32 labels
 * [R]. h is `hidden` [P, R, in], or act(coefs[p] · stack) for the first layer's terms `stack`
 * [3, R·in] (a one-hidden-layer net: its hidden activations are never stored). Returns the
 * per-example loss (NaN for a label outside [0, C)) and 1/0 correctness (first argmax equals the
 * label), each [P, R].
 */
export function pointHead(
  input: HeadInput,
  coefs: Tensor,
  weight: Tensor,
  bias: Tensor,
  labels: Tensor,
  activation: Activation,
): { perExample: Tensor; correct: Tensor } {
  const source = 'hidden' in input ? input.hidden : input.stack;
  checkF32('pointHead', source, coefs, weight, bias);
  labels.assertLive();
  const [P, inw, C] = weight.shape;
  const R = labels.size;
  const fail = (why: string): never => {
    throw new Error(
      `pointHead: ${why} (weight [${weight.shape}], bias [${bias.shape}], coefficients [${coefs.shape}], labels ${labels.dtype} [${labels.shape}])`,
    );
  };
  if (weight.rank !== 3 || bias.rank !== 2 || bias.shape[0] !== P || bias.shape[1] !== C)
    fail('weight must be [P, in, C] and bias [P, C]');
  if (coefs.rank !== 2 || coefs.shape[0] !== P || coefs.shape[1] !== 3) fail('coefficients must be [P, 3]');
  if (labels.dtype !== 'u32' || labels.rank !== 1) fail('labels must be u32 [R]');
  if ('hidden' in input ? input.hidden.shape.join() !== [P, R, inw].join() : source.size !== 3 * R * inw)
    fail(`input [${source.shape}] must hold ${'hidden' in input ? '[P, R, in]' : '[3, R·in]'}`);
  const hidden =
    'hidden' in input
      ? 'x0[(pt * hp.rows + r) * hp.inw + k]'
      : `act_${input.activation}(cf6[3u * pt] * x0[r * hp.inw + k] + cf6[3u * pt + 1u] * x0[n + r * hp.inw + k] + cf6[3u * pt + 2u] * x0[2u * n + r * hp.inw + k])`;
  const ctx = weight.ctx;
  const perExample = ctx.empty([P, R]);
  const correct = ctx.empty([P, R]);
  if (P * R > 0) {
    headProgram.run(ctx, {
      bindings: {
        x0: source,
        w1: weight,
        bias2: bias,
        lab3: labels,
        loss4: perExample,
        cor5: correct,
        cf6: 'hidden' in input ? null : coefs,
      },
      uniforms: { points: P, rows: R, inw, nan: NaN },
      defines: { ...UNUSED, C, HIDDEN: hidden, ACT_OUT: `act_${activation}`, ...headBlock(C) },
      threads: P * R,
    });
  }
  return { perExample, correct };
}
