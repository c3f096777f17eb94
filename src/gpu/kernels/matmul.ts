/**
 * C = act(op(A)·op(B) + bias), batched, with an optional 0/1 weight mask on B — the engine's
 * hottest kernel. Shapes: A is [...batch, M, K] ([...batch, K, M] with transA), B is
 * [...batch, K, N] ([...batch, N, K] with transB); either operand may be 2-D and is then shared
 * by every batch entry. The result is [...batch, M, N].
 */
import common from '../../wgsl/matmul.wgsl?raw';
import registersCode from '../../wgsl/matmul_registers.wgsl?raw';
import tiledCode from '../../wgsl/matmul_tiled.wgsl?raw';
import tilesCode from '../../wgsl/matmul_tiles.wgsl?raw';
import type { GpuContext } from '../context.ts';
import { defineProgram } from '../program.ts';
import type { Tensor } from '../tensor.ts';
import { withActivations } from './activations.ts';
import { QUAD_LANE, quadOffset, quadsFor, quadsModule, swapColumns, swapRows } from './quads.ts';
import { TILE_DEFINES, tileBlock, withTileGemm } from './tile-gemm.ts';
import { kernelVariant } from './variants.ts';

export type Activation = 'identity' | 'relu' | 'gelu' | 'tanh' | 'sigmoid' | 'gauss';
export type MatmulVariant = 'tiled128' | 'tiled' | 'registers' | 'quads';

export interface MatmulOptions {
  transA?: boolean;
  transB?: boolean;
  /** [N], added to every row before the activation. */
  bias?: Tensor | null;
  activation?: Activation;
  /** Same shape as B as stored; 0/1 values multiplied into B as it is loaded. */
  mask?: Tensor | null;
  /**
   * Defaults by kernelVariant (variants.ts): on software (CPU) adapters 'quads' where the adapter's
   * subgroups are proven to be SIMD quads (ctx.quadKernels), else 'registers'; on GPUs 'tiled128'
   * (128×128 workgroup tiles, gemm_tiles.wgsl), or the older 64×64 'tiled' as their fallback.
   */
  variant?: MatmulVariant;
  /** Register block per thread for the 'registers' variant (multiples of 4; 'quads' is 8×8); for benchmarks. */
  tile?: [number, number];
  /**
   * Add scale·op(A)·op(B) into this existing [M, N] tensor (returned) instead of allocating the
   * result: C += scale·AB, with no bias, activation or batch. Plain SGD uses it to apply
   * w ← w − lr·xᵀ·dZ as the weight gradient is computed, never writing the gradient.
   */
  accumulate?: { into: Tensor; scale: number };
}

const BINDINGS = {
  a: 'read',
  b: 'read',
  c: 'read_write',
  mask: 'read?',
  bias: 'read?',
  zout: 'read_write?',
} as const;
const UNIFORMS = {
  M: 'u32',
  N: 'u32',
  K: 'u32',
  strideA: 'u32',
  strideB: 'u32',
  strideC: 'u32',
  scale: 'f32',
} as const;
const COMMON_DEFINES = [
  ...['TRANS_A', 'TRANS_B', 'A_VEC', 'B_VEC', 'A_ELEM', 'B_ELEM', 'A4', 'A1', 'B4', 'B1'],
  ...['ADD_BIAS', 'STORE_Z', 'RESULT'],
] as const;
const REGISTER_DEFINES = [...COMMON_DEFINES, 'ORIGIN', 'REG_SETUP', 'REG_STEP', 'REG_TAIL', 'REG_STORE'] as const;
const registersSource = withActivations(`${common}\n${registersCode}`);
const registerPrograms = {
  registers: defineProgram({
    name: 'matmul_registers',
    code: registersSource,
    entry: 'registers',
    workgroupSize: [8, 8],
    bindings: BINDINGS,
    uniforms: UNIFORMS,
    defines: REGISTER_DEFINES,
  }),
  quads: defineProgram({
    name: 'matmul_quads',
    code: quadsModule(registersSource),
    entry: 'registers',
    workgroupSize: [8, 8],
    bindings: BINDINGS,
    uniforms: UNIFORMS,
    defines: REGISTER_DEFINES,
  }),
};
const tiledProgram = defineProgram({
  name: 'matmul_tiled',
  code: withActivations(`${common}\n${tiledCode}`),
  entry: 'tiled',
  workgroupSize: [16, 16],
  bindings: BINDINGS,
  uniforms: UNIFORMS,
  defines: COMMON_DEFINES,
});
const tiles128Program = defineProgram({
  name: 'matmul_tiles',
  code: withActivations(withTileGemm(`${common}\n${tilesCode}`)),
  entry: 'tiles',
  workgroupSize: [16, 16],
  bindings: BINDINGS,
  uniforms: UNIFORMS,
  defines: [...COMMON_DEFINES, ...TILE_DEFINES],
});
/** The 'tiled128' variant's workgroup tile: 128×128, 8×8 outputs per thread. */
const TILES = tileBlock(128, 128);
// Where a thread's TM×TN block starts (ORIGIN in matmul_registers.wgsl). Plain: by global id.
// Quads (see quads.ts): a workgroup's 16 quads tile its 64×64 block of C as 4×4 blocks of 16×16.
const plainOrigin = (TM: number, TN: number): string =>
  `let m0 = gid.y * ${TM}u;\n  let n0 = gid.x * ${TN}u;\n  let batch = gid.z;\n  if (m0 >= p.M || n0 >= p.N) { return; }`;
const QUAD_ORIGIN = [
  'let t = lidx;',
  ...QUAD_LANE,
  'let quad = lidx >> 2u;',
  'let qm = wid.y * 64u + (quad >> 2u) * 16u;',
  'let qn = wid.x * 64u + (quad & 3u) * 16u;',
  // Whole quads past the edge return together (quads.ts: quadsModule).
  'if (qm >= p.M || qn >= p.N) { return; }',
  'let m0 = qm + (lane >> 1u) * 8u;',
  'let n0 = qn + (lane & 1u) * 8u;',
  'let batch = wid.z;',
].join('\n  ');
// 8×8 per thread: the fastest block measured on SwiftShader (docs/check-settings.md#matmul-register-block).
const REGISTER_TILE: [number, number] = [8, 8];
const REGISTER_WG = 8; // @workgroup_size(8, 8) in matmul_registers.wgsl
const GPU_TILE = 64; // TILE in matmul_tiled.wgsl

interface Geometry {
  batch: number;
  batchDims: readonly number[];
  M: number;
  N: number;
  K: number;
  strideA: number;
  strideB: number;
}

function geometry(a: Tensor, b: Tensor, transA: boolean, transB: boolean): Geometry {
  const fail = (why: string): never => {
    throw new Error(`matmul: A [${a.shape}]${transA ? 'ᵀ' : ''} · B [${b.shape}]${transB ? 'ᵀ' : ''}: ${why}`);
  };
  if (a.rank < 2 || b.rank < 2) fail('operands must have at least 2 dimensions');
  if (a.dtype !== 'f32' || b.dtype !== 'f32') fail('operands must be f32');
  const [ar, ac] = a.shape.slice(-2);
  const [br, bc] = b.shape.slice(-2);
  const [M, K] = transA ? [ac, ar] : [ar, ac];
  const [Kb, N] = transB ? [bc, br] : [br, bc];
  if (K !== Kb) fail(`inner dimensions ${K} and ${Kb} differ`);
  const batchA = a.shape.slice(0, -2);
  const batchB = b.shape.slice(0, -2);
  if (batchA.length > 0 && batchB.length > 0 && batchA.join() !== batchB.join()) fail('batch dimensions differ');
  const batchDims = batchA.length > 0 ? batchA : batchB;
  const batch = batchDims.reduce((p, d) => p * d, 1);
  const g = {
    batch,
    batchDims,
    M,
    N,
    K,
    strideA: batchA.length > 0 ? M * K : 0,
    strideB: batchB.length > 0 ? K * N : 0,
  };
  // A batch of untransposed A against one shared B is a single taller GEMM.
  if (batchA.length > 0 && batchB.length === 0 && !transA) return { ...g, batch: 1, M: M * batch, strideA: 0 };
  return g;
}

const range = (n: number): number[] => [...Array(n).keys()];

/**
 * The straight-line body of matmul_registers.wgsl for a TM×TN block (see that file for the
 * register names). Row/column offsets that do not change with k are hoisted out of the loop.
 * With `quads` (8×8), the lane loads rows 0–3 and column quad 0 and swaps in the rest (quads.ts).
 */
function registerBlock(
  TM: number,
  TN: number,
  transA: boolean,
  transB: boolean,
  aVec: boolean,
  bVec: boolean,
  quads: boolean,
) {
  const rows = range(TM);
  const quadsN = range(TN / 4);
  // Rows and column quads this lane loads itself; with quads the rest come from its partners.
  const ownRows = quads ? range(4) : rows;
  const ownQuads = quads ? [0] : quadsN;
  // Unclamped row of register row i / column of register column c.
  const rowAt = (i: number): string => `m0 + ${quads ? quadOffset(i, 'ox') : `${i}u`}`;
  const colAt = (c: number): string => `n0 + ${quads ? quadOffset(c, 'oy') : `${c}u`}`;
  const setup = [
    ...rows.map((i) => `let r${i} = min(${rowAt(i)}, p.M - 1u);`),
    ...range(TN).map((j) => `let c${j} = min(${colAt(j)}, p.N - 1u);`),
    ...rows.flatMap((i) => quadsN.map((j) => `var acc${i}_${j} = vec4f(0.0);`)),
  ];
  const step: string[] = [];
  const kRows = (load: (r: number) => string): string => range(4).map(load).join(', ');
  if (!transA) {
    setup.push(...ownRows.map((i) => `let oa${i} = baseA + r${i} * p.K;`));
    step.push(...ownRows.map((i) => `let av${i} = a4(oa${i} + k);`));
  } else {
    step.push('let ka = baseA + k * p.M;');
    if (aVec) {
      // Four rows of A come as one vec4 per k; a transpose turns them into rows over k.
      for (let q = 0; q < ownRows.length / 4; q++) {
        setup.push(`let ma${q} = min(${rowAt(4 * q)}, p.M - 4u);`);
        step.push(`let ta${q} = transpose(mat4x4f(${kRows((r) => `a4(ka + ${r}u * p.M + ma${q})`)}));`);
        step.push(...range(4).map((i) => `let av${4 * q + i} = ta${q}[${i}];`));
      }
    } else {
      step.push(...ownRows.map((i) => `let av${i} = vec4f(${kRows((r) => `a1(ka + ${r}u * p.M + r${i})`)});`));
    }
  }
  if (transB) {
    setup.push(...ownQuads.flatMap((j) => range(4).map((q) => `let ob${4 * j + q} = baseB + c${4 * j + q} * p.K;`)));
    step.push(...ownQuads.map((j) => `let bm${j} = transpose(mat4x4f(${kRows((q) => `b4(ob${4 * j + q} + k)`)}));`));
  } else {
    step.push('let kb = baseB + k * p.N;');
    if (bVec) {
      setup.push(...ownQuads.map((j) => `let nb${j} = min(${colAt(4 * j)}, p.N - 4u);`));
      step.push(...ownQuads.map((j) => `let bm${j} = mat4x4f(${kRows((r) => `b4(kb + ${r}u * p.N + nb${j})`)});`));
    } else {
      const row = (r: number, j: number): string => `vec4f(${kRows((q) => `b1(kb + ${r}u * p.N + c${4 * j + q})`)})`;
      step.push(...ownQuads.map((j) => `let bm${j} = mat4x4f(${kRows((r) => row(r, j))});`));
    }
  }
  if (quads) step.push(...swapRows('av'), swapColumns('bm1', 'bm0', true));
  step.push(...rows.flatMap((i) => quadsN.map((j) => `acc${i}_${j} += bm${j} * av${i};`)));
  const tail = [
    ...rows.map((i) => `let av${i} = a1(baseA + a_index(r${i}, k));`),
    ...quadsN.map((j) => `let bm${j} = vec4f(${kRows((q) => `b1(baseB + b_index(k, c${4 * j + q}))`)});`),
    ...rows.flatMap((i) => quadsN.map((j) => `acc${i}_${j} += av${i} * bm${j};`)),
  ];
  const store = rows.flatMap((i) => quadsN.map((j) => `store4(batch, ${rowAt(i)}, ${colAt(4 * j)}, acc${i}_${j});`));
  const join = (lines: string[]): string => lines.join('\n    ');
  return {
    ORIGIN: quads ? QUAD_ORIGIN : plainOrigin(TM, TN),
    REG_SETUP: join(setup),
    REG_STEP: join(step),
    REG_TAIL: join(tail),
    REG_STORE: join(store),
  };
}

interface Outputs {
  out: Tensor;
  /** The pre-activation Z, when requested. */
  pre: Tensor | null;
}

function run(a: Tensor, b: Tensor, opts: MatmulOptions, wantPre: boolean): Outputs {
  const ctx: GpuContext = a.ctx;
  const { transA = false, transB = false, bias = null, mask = null, activation = 'identity', accumulate = null } = opts;
  const g = geometry(a, b, transA, transB);
  const outShape = [...g.batchDims, ...(transA ? [a.shape[a.rank - 1]] : [a.shape[a.rank - 2]]), g.N];
  if (bias && (bias.rank !== 1 || bias.size !== g.N)) throw new Error(`matmul: bias [${bias.shape}] must be [${g.N}]`);
  if (mask && mask.shape.join() !== b.shape.join())
    throw new Error(`matmul: mask [${mask.shape}] must match B [${b.shape}]`);
  if (
    accumulate &&
    (accumulate.into.shape.join() !== outShape.join() ||
      outShape.length !== 2 ||
      bias ||
      activation !== 'identity' ||
      wantPre)
  ) {
    throw new Error(
      `matmul: accumulating needs a 2-D [${outShape}] target [${accumulate.into.shape}] and no bias, activation or pre-activation`,
    );
  }
  const out = accumulate ? accumulate.into : ctx.empty(outShape);
  const pre = wantPre ? ctx.empty(outShape) : null;
  if (out.size === 0) return { out, pre };

  const variant = opts.variant ?? (quadsFor(ctx, g.M, g.N) ? 'quads' : kernelVariant(ctx, 'matmul'));
  const quads = variant === 'quads';
  const [TM, TN] = opts.tile ?? REGISTER_TILE;
  if (TM % 4 !== 0 || TN % 4 !== 0) throw new Error(`matmul: register tile ${TM}×${TN} must be multiples of 4`);
  if (quads && (TM !== 8 || TN !== 8))
    throw new Error(`matmul: the quads variant has an 8×8 register tile, not ${TM}×${TN}`);
  if (quads && !ctx.quadLanes)
    throw new Error('matmul: the quads variant needs subgroups that are SIMD quads (ctx.quadLanes)');
  // vec4 bindings need every row of the contiguous axis to start on a 16-byte boundary.
  const aVec = (transA ? g.M : g.K) % 4 === 0;
  const bVec = (transB ? g.K : g.N) % 4 === 0;
  // B's loads, with the mask (laid out like B) multiplied in when there is one.
  const loadB = (expr: (arr: string) => string): string => (mask ? `${expr('b')} * ${expr('mask')}` : expr('b'));
  const defines = {
    TRANS_A: transA,
    TRANS_B: transB,
    A_VEC: aVec,
    B_VEC: bVec,
    A_ELEM: aVec ? 'vec4f' : 'f32',
    B_ELEM: bVec ? 'vec4f' : 'f32',
    A4: aVec ? 'a[i >> 2u]' : 'vec4f(a[i], a[i + 1u], a[i + 2u], a[i + 3u])',
    A1: aVec ? 'a[i >> 2u][i & 3u]' : 'a[i]',
    B4: loadB((x) => (bVec ? `${x}[i >> 2u]` : `vec4f(${x}[i], ${x}[i + 1u], ${x}[i + 2u], ${x}[i + 3u])`)),
    B1: loadB((x) => (bVec ? `${x}[i >> 2u][i & 3u]` : `${x}[i]`)),
    ADD_BIAS: bias ? ' + bias[n]' : '',
    STORE_Z: pre ? 'zout[i] = z;' : '',
    RESULT: accumulate ? 'c[i] + p.scale * z' : `act_${activation}(z)`,
  };
  const bindings = { a, b, c: out, mask, bias, zout: pre };
  const uniforms = {
    M: g.M,
    N: g.N,
    K: g.K,
    strideA: g.strideA,
    strideB: g.strideB,
    strideC: g.M * g.N,
    scale: accumulate?.scale ?? 1,
  };
  if (variant === 'tiled128') {
    tiles128Program.run(ctx, {
      bindings,
      uniforms,
      defines: { ...defines, ...TILES },
      workgroups: [Math.ceil(g.N / TILES.BN), Math.ceil(g.M / TILES.BM), g.batch],
    });
  } else if (variant === 'tiled') {
    tiledProgram.run(ctx, {
      bindings,
      uniforms,
      defines,
      workgroups: [Math.ceil(g.N / GPU_TILE), Math.ceil(g.M / GPU_TILE), g.batch],
    });
  } else {
    registerPrograms[variant].run(ctx, {
      bindings,
      uniforms,
      defines: { ...defines, ...registerBlock(TM, TN, transA, transB, aVec, bVec, quads) },
      workgroups: [Math.ceil(g.N / (TN * REGISTER_WG)), Math.ceil(g.M / (TM * REGISTER_WG)), g.batch],
    });
  }
  return { out, pre };
}

/** act(op(A)·op(B) + bias) with B masked; see the module comment for shapes. */
export function matmul(a: Tensor, b: Tensor, opts: MatmulOptions = {}): Tensor {
  return run(a, b, opts, false).out;
}

/** Like matmul, also returning Z = op(A)·op(B) + bias (what activation gradients need). */
export function matmulWithPreActivation(a: Tensor, b: Tensor, opts: MatmulOptions = {}): { out: Tensor; pre: Tensor } {
  const { out, pre } = run(a, b, opts, true);
  return { out, pre: pre! };
}
