/**
 * 2-D convolution kernels over NHWC activations with weights [outC, inC, kh, kw] (init.ts's fan
 * convention). NHWC because the datasets arrive as HWC rows and because it makes each tap's
 * channels contiguous, so the implicit GEMM's K axis (kh·kw·inC) reads whole vectors.
 *
 * Shapes: x [B, H, W, inC] → y [B, OH, OW, outC] with OH = ⌊(H + 2·pad − kh) / stride⌋ + 1 (and
 * likewise OW); dilation 1. The forward and the input gradient are one implicit-GEMM kernel
 * (conv2d_gemm.wgsl); the weight gradient is a GEMM reducing over batch·OH·OW
 * (conv2d_wgrad.wgsl). Each comes as register blocks per thread for CPU adapters and as
 * workgroup-memory tiles for GPUs (gemm_tiles.wgsl), picked by kernelVariant (variants.ts).
 * All are deterministic: fixed reduction order, no atomics.
 */
import gemmCommon from '../../wgsl/conv2d_gemm.wgsl?raw';
import gemmRegistersCode from '../../wgsl/conv2d_gemm_registers.wgsl?raw';
import gemmTilesCode from '../../wgsl/conv2d_tiles.wgsl?raw';
import repackCode from '../../wgsl/conv2d_repack.wgsl?raw';
import wgradCommon from '../../wgsl/conv2d_wgrad.wgsl?raw';
import wgradRegistersCode from '../../wgsl/conv2d_wgrad_registers.wgsl?raw';
import wgradTilesCode from '../../wgsl/conv2d_wgrad_tiles.wgsl?raw';
import { grid } from '../grid.ts';
import { defineProgram } from '../program.ts';
import type { Tensor } from '../tensor.ts';
import { withActivations } from './activations.ts';
import { QUAD_LANE, quadOffset, quadsFor, quadsModule, swapColumns, swapRows } from './quads.ts';
import type { Activation } from './matmul.ts';
import { sum } from './reduce.ts';
import { TILE_DEFINES, tileBlock, tileSide, withTileGemm } from './tile-gemm.ts';
import { kernelVariant } from './variants.ts';

const WG = 64; // @workgroup_size of the GEMM kernels
const repackProgram = defineProgram({
  name: 'conv2d_repack',
  code: repackCode,
  entry: 'repack',
  workgroupSize: 256,
  bindings: { w: 'read', out: 'read_write', mask: 'read?' },
  uniforms: { total: 'u32', taps: 'u32', R: 'u32', NP: 'u32', N: 'u32', inC: 'u32', transpose: 'u32' },
  defines: ['MASK'],
});
const REGISTER_DEFINES = ['ORIGIN', 'REG_SETUP', 'REG_STEP', 'REG_STORE'] as const;
/** One variant's entry, appended to its module's shared part (conv2d_gemm.wgsl or conv2d_wgrad.wgsl). */
interface Entry<D extends string> {
  name: string;
  code: string;
  entry: string;
  workgroupSize: number | readonly [number, number];
  defines: readonly D[];
  /** Applied to the whole module (quadsModule puts its directives first). */
  wrap?: (module: string) => string;
}
const same = (module: string): string => module;
const gemmProgram = <const D extends string>({ name, code, entry, workgroupSize, defines, wrap = same }: Entry<D>) =>
  defineProgram({
    name,
    code: wrap(withActivations(`${gemmCommon}\n${code}`)),
    entry,
    workgroupSize,
    bindings: { a: 'read', w: 'read', c: 'read_write', bias: 'read?', zout: 'read_write?' },
    uniforms: {
      M: 'u32',
      N: 'u32',
      NP: 'u32',
      C: 'u32',
      RH: 'u32',
      RW: 'u32',
      SH: 'u32',
      SW: 'u32',
      KH: 'u32',
      KW: 'u32',
      stride: 'u32',
      pad: 'u32',
      nBlocks: 'u32',
    },
    defines: [...['DGRAD', 'A_ELEM', 'A4', 'A1', 'ADD_BIAS', 'STORE_Z', 'ACTIVATION'], ...defines],
  });
const GEMM_REGISTER_DEFINES = [...REGISTER_DEFINES, 'REG_TAP', 'REG_TAIL'] as const;
const REGISTERS = { entry: 'gemm', workgroupSize: WG, defines: GEMM_REGISTER_DEFINES } as const;
const TILES = { entry: 'tiles', workgroupSize: [16, 16], defines: TILE_DEFINES } as const;
const gemmPrograms = {
  plain: gemmProgram({ name: 'conv2d_gemm', code: gemmRegistersCode, ...REGISTERS }),
  quads: gemmProgram({ name: 'conv2d_gemm_quads', code: gemmRegistersCode, ...REGISTERS, wrap: quadsModule }),
  tiles: gemmProgram({ name: 'conv2d_gemm_tiles', code: withTileGemm(gemmTilesCode), ...TILES }),
};
const wgradProgram = <const D extends string>({ name, code, entry, workgroupSize, defines, wrap = same }: Entry<D>) =>
  defineProgram({
    name,
    code: wrap(`${wgradCommon}\n${code}`),
    entry,
    workgroupSize,
    bindings: { x: 'read', g: 'read', dw: 'read_write', mask: 'read?' },
    uniforms: {
      B: 'u32',
      H: 'u32',
      W: 'u32',
      IC: 'u32',
      OH: 'u32',
      OW: 'u32',
      OC: 'u32',
      KH: 'u32',
      KW: 'u32',
      stride: 'u32',
      pad: 'u32',
      cBlocks: 'u32',
      blocks: 'u32',
      batchPerSplit: 'u32',
    },
    defines: [...['X_ELEM', 'G_ELEM', 'X4', 'X1', 'G4', 'G1', 'MASK'], ...defines],
  });
const WGRAD_REGISTERS = { entry: 'wgrad', workgroupSize: WG, defines: REGISTER_DEFINES } as const;
const wgradPrograms = {
  plain: wgradProgram({ name: 'conv2d_wgrad', code: wgradRegistersCode, ...WGRAD_REGISTERS }),
  quads: wgradProgram({ name: 'conv2d_wgrad_quads', code: wgradRegistersCode, ...WGRAD_REGISTERS, wrap: quadsModule }),
  tiles: wgradProgram({ name: 'conv2d_wgrad_tiles', code: withTileGemm(wgradTilesCode), ...TILES }),
};
/** Threads the weight gradient aims for before it splits the batch (GPUs need many more). */
const WGRAD_THREADS = { software: 256, gpu: 16384 };
/**
 * Workgroups the tiled weight gradient aims for before it splits the batch: a few per compute
 * unit of a large GPU (an H100 has 132); a guess until a GPU run measures it.
 */
const WGRAD_TILE_WORKGROUPS = 512;

export interface ConvGeometry {
  stride?: number;
  padding?: number;
}

export interface Conv2dOptions extends ConvGeometry {
  /** [outC], added before the activation. */
  bias?: Tensor | null;
  activation?: Activation;
  /** 0/1, shaped like the weight, multiplied in as the weight is loaded. */
  mask?: Tensor | null;
}

export interface WeightGradOptions extends ConvGeometry {
  mask?: Tensor | null;
  /** Batch splits reduced in a second pass; by default enough to occupy the adapter. */
  splits?: number;
}

export function convOutputSize(size: number, kernel: number, stride: number, padding: number): number {
  return Math.floor((size + 2 * padding - kernel) / stride) + 1;
}

interface Dims {
  B: number;
  H: number;
  W: number;
  inC: number;
  outC: number;
  KH: number;
  KW: number;
  OH: number;
  OW: number;
  stride: number;
  pad: number;
}

function dims(xShape: readonly number[], wShape: readonly number[], geo: ConvGeometry, mask?: Tensor | null): Dims {
  const { stride = 1, padding: pad = 0 } = geo;
  const fail = (why: string): never => {
    throw new Error(`conv2d: x [${xShape}] (NHWC), weight [${wShape}] ([outC, inC, kh, kw]): ${why}`);
  };
  if (xShape.length !== 4 || wShape.length !== 4) fail('input must be 4-D NHWC and the weight 4-D');
  const [B, H, W, inC] = xShape;
  const [outC, wc, KH, KW] = wShape;
  if (wc !== inC) fail(`weight expects ${wc} input channels`);
  if (!(Number.isInteger(stride) && stride >= 1 && Number.isInteger(pad) && pad >= 0))
    fail(`bad stride ${stride} or padding ${pad}`);
  const OH = convOutputSize(H, KH, stride, pad);
  const OW = convOutputSize(W, KW, stride, pad);
  if (OH < 1 || OW < 1) fail(`kernel larger than the padded input`);
  if (mask && mask.shape.join() !== wShape.join()) fail(`mask [${mask.shape}] must match the weight`);
  return { B, H, W, inC, outC, KH, KW, OH, OW, stride, pad };
}

const range = (n: number): number[] => [...Array(n).keys()];
const join = (lines: string[]): string => lines.join('\n    ');
const ceil4 = (n: number): number => Math.ceil(n / 4) * 4;
/** Columns per thread: 8, or 4 when there are at most 4 (the first layer's RGB, say). */
const blockWidth = (n: number): number => (n <= 4 ? 4 : 8);
/** The loaders of four elements and of one from element index i of `arr`, bound as vec4 rows or not. */
const vecLoad4 = (arr: string, vec: boolean): string =>
  vec ? `${arr}[i >> 2u]` : `vec4f(${arr}[i], ${arr}[i + 1u], ${arr}[i + 2u], ${arr}[i + 3u])`;
const vecLoad1 = (arr: string, vec: boolean): string => (vec ? `${arr}[i >> 2u][i & 3u]` : `${arr}[i]`);

/**
 * Where a thread's block starts (ORIGIN in the conv kernels): `row0`, `col0` and, with quads, the
 * lane; threads whose rows start at or past `p.<rows>` return.
 */
function origin(
  TM: number,
  TN: number,
  quads: boolean,
  row0: string,
  col0: string,
  rows: string,
  blocks: string,
): string {
  const t = 'let t = gid.x + gid.y * nwg.x * WG;';
  if (!quads)
    return join([
      t,
      `let ${row0} = (t / p.${blocks}) * ${TM}u;`,
      `let ${col0} = (t % p.${blocks}) * ${TN}u;`,
      `if (${row0} >= p.${rows}) { return; }`,
    ]);
  // Whole quads past the last row block return together (quadsModule).
  const rowBlock = `(qi / p.${blocks}) * 16u`;
  return join([
    t,
    ...QUAD_LANE,
    'let qi = t >> 2u;',
    `if (${rowBlock} >= p.${rows}) { return; }`,
    `let ${row0} = ${rowBlock} + (lane >> 1u) * 8u;`,
    `let ${col0} = (qi % p.${blocks}) * 16u + (lane & 1u) * 8u;`,
  ]);
}

/**
 * Straight-line TM×TN body of conv2d_gemm.wgsl (see that file for the register names). With
 * `quads` (8×8), the lane gathers rows 0–3 and column quad 0 and swaps in the rest (quads.ts).
 */
function gemmBlock(TM: number, TN: number, quads: boolean) {
  const rows = range(TM);
  const quadsN = range(TN / 4);
  const ownRows = quads ? range(4) : rows;
  const ownQuads = quads ? [0] : quadsN;
  const rowAt = (i: number): string => `m0 + ${quads ? quadOffset(i, 'ox') : `${i}u`}`;
  const colAt = (c: number): string => `n0 + ${quads ? quadOffset(c, 'oy') : `${c}u`}`;
  const setup = ownRows.flatMap((i) => [
    `let r${i} = min(${rowAt(i)}, p.M - 1u);`,
    `let x${i} = r${i} % p.RW;`,
    `let y${i} = (r${i} / p.RW) % p.RH;`,
    `let b${i} = r${i} / (p.RW * p.RH);`,
  ]);
  setup.push(...ownQuads.map((j) => `let nq${j} = min(${colAt(4 * j)}, p.NP - 4u) >> 2u;`));
  setup.push(...rows.flatMap((i) => quadsN.map((j) => `var acc${i}_${j} = vec4f(0.0);`)));
  const tap = ownRows.flatMap((i) => [
    `let o${i} = tap_offset(b${i}, y${i}, x${i}, ky, kx);`,
    `let v${i} = o${i} >= 0;`,
    `let u${i} = u32(max(o${i}, 0));`,
  ]);
  const wRows = (j: number): string =>
    range(4)
      .map((r) => `w[wb + ${r}u * wq + nq${j}]`)
      .join(', ');
  const step = [
    ...ownRows.map((i) => `let av${i} = select(vec4f(0.0), a4(u${i} + k), v${i});`),
    ...ownQuads.map((j) => `let bm${j} = mat4x4f(${wRows(j)});`),
    ...(quads ? [...swapRows('av'), swapColumns('bm1', 'bm0', true)] : []),
    ...rows.flatMap((i) => quadsN.map((j) => `acc${i}_${j} += bm${j} * av${i};`)),
  ];
  const tail = [
    ...ownRows.map((i) => `let av${i} = select(0.0, a1(u${i} + k), v${i});`),
    ...ownQuads.map((j) => `let bt${j} = w[wb + nq${j}];`),
    ...(quads ? [...swapRows('av'), swapColumns('bt1', 'bt0', false)] : []),
    ...rows.flatMap((i) => quadsN.map((j) => `acc${i}_${j} += av${i} * bt${j};`)),
  ];
  const store = rows.flatMap((i) => quadsN.map((j) => `store4(${rowAt(i)}, ${colAt(4 * j)}, acc${i}_${j});`));
  return {
    ORIGIN: origin(TM, TN, quads, 'm0', 'n0', 'M', 'nBlocks'),
    REG_SETUP: join(setup),
    REG_TAP: join(tap),
    REG_STEP: join(step),
    REG_TAIL: join(tail),
    REG_STORE: join(store),
  };
}

/** The weight as conv2d_gemm.wgsl's operand: [kh, kw, R, ceil4(N)], masked. */
function repack(w: Tensor, d: Dims, transpose: boolean, mask: Tensor | null): { wr: Tensor; NP: number } {
  const [R, N] = transpose ? [d.outC, d.inC] : [d.inC, d.outC];
  const NP = ceil4(N);
  const taps = d.KH * d.KW;
  const wr = w.ctx.empty([d.KH, d.KW, R, NP]);
  const total = taps * R * NP;
  repackProgram.run(w.ctx, {
    bindings: { w, out: wr, mask },
    uniforms: { total, taps, R, NP, N, inC: d.inC, transpose: transpose ? 1 : 0 },
    defines: { MASK: mask ? ' * mask[src]' : '' },
    threads: total,
  });
  return { wr, NP };
}

interface GemmJob {
  src: Tensor;
  d: Dims;
  dgrad: boolean;
  bias: Tensor | null;
  activation: Activation;
  mask: Tensor | null;
  wantPre: boolean;
  w: Tensor;
}

function implicitGemm(job: GemmJob): { out: Tensor; pre: Tensor | null } {
  const { src, d, dgrad, bias, activation, mask, wantPre, w } = job;
  const ctx = src.ctx;
  // Rows are the pixels computed; the source is the tensor gathered per tap.
  const [RH, RW, SH, SW, C, N] = dgrad ? [d.H, d.W, d.OH, d.OW, d.outC, d.inC] : [d.OH, d.OW, d.H, d.W, d.inC, d.outC];
  const M = d.B * RH * RW;
  const out = ctx.empty([d.B, RH, RW, N]);
  const pre = wantPre ? ctx.empty(out.shape) : null;
  if (out.size === 0) return { out, pre };
  ctx.scope(() => {
    const { wr, NP } = repack(w, d, dgrad, mask);
    const aVec = C % 4 === 0;
    const bindings = { a: src, w: wr, c: out, bias, zout: pre };
    const geometry = { M, N, NP, C, RH, RW, SH, SW, KH: d.KH, KW: d.KW, stride: d.stride, pad: d.pad };
    const defines = {
      DGRAD: dgrad,
      A_ELEM: aVec ? 'vec4f' : 'f32',
      A4: vecLoad4('a', aVec),
      A1: vecLoad1('a', aVec),
      ADD_BIAS: bias ? ' + bias[n]' : '',
      STORE_Z: pre ? 'zout[i] = z;' : '',
      ACTIVATION: `act_${activation}`,
    };
    if (kernelVariant(ctx, 'conv') === 'tiles') {
      // Rows are pixels, plenty; columns are channels, often 64 or fewer.
      const tiles = tileBlock(128, tileSide(N));
      gemmPrograms.tiles.run(ctx, {
        bindings,
        uniforms: { ...geometry, nBlocks: 0 },
        defines: { ...defines, ...tiles },
        workgroups: [Math.ceil(N / tiles.BN), Math.ceil(M / tiles.BM)],
      });
      return;
    }
    const TM = 8;
    const TN = blockWidth(N);
    const quads = quadsFor(ctx, M, N);
    // Column blocks per row block: of TN columns, or with quads of 16 (one quad's 2×2 blocks).
    const nBlocks = quads ? Math.ceil(N / 16) : Math.ceil(N / TN);
    gemmPrograms[quads ? 'quads' : 'plain'].run(ctx, {
      bindings,
      uniforms: { ...geometry, nBlocks },
      defines: { ...defines, ...gemmBlock(TM, TN, quads) },
      threads: quads ? Math.ceil(M / 16) * nBlocks * 4 : Math.ceil(M / TM) * nBlocks,
    });
  });
  return { out, pre };
}

function forward(x: Tensor, w: Tensor, opts: Conv2dOptions, wantPre: boolean): { out: Tensor; pre: Tensor | null } {
  const { bias = null, activation = 'identity', mask = null } = opts;
  if (x.dtype !== 'f32' || w.dtype !== 'f32') throw new Error('conv2d: input and weight must be f32');
  const d = dims(x.shape, w.shape, opts, mask);
  if (bias && (bias.rank !== 1 || bias.size !== d.outC))
    throw new Error(`conv2d: bias [${bias.shape}] must be [${d.outC}]`);
  return implicitGemm({ src: x, d, dgrad: false, bias, activation, mask, wantPre, w });
}

/** y = act(conv(x, W ⊙ mask) + bias): x [B, H, W, inC], weight [outC, inC, kh, kw] → [B, OH, OW, outC]. */
export function conv2d(x: Tensor, w: Tensor, opts: Conv2dOptions = {}): Tensor {
  return forward(x, w, opts, false).out;
}

/** Like conv2d, also returning the pre-activation Z (what activation gradients need). */
export function conv2dWithPreActivation(x: Tensor, w: Tensor, opts: Conv2dOptions = {}): { out: Tensor; pre: Tensor } {
  const { out, pre } = forward(x, w, opts, true);
  return { out, pre: pre! };
}

/**
 * dX from dZ (the gradient at the pre-activation output, [B, OH, OW, outC]): the transposed
 * convolution, [B, H, W, inC] for the given input shape. Pruned weights carry nothing back.
 */
export function conv2dInputGrad(
  gz: Tensor,
  w: Tensor,
  xShape: readonly number[],
  opts: ConvGeometry & { mask?: Tensor | null } = {},
): Tensor {
  const mask = opts.mask ?? null;
  const d = dims(xShape, w.shape, opts, mask);
  if (gz.shape.join() !== [d.B, d.OH, d.OW, d.outC].join())
    throw new Error(`conv2dInputGrad: gradient [${gz.shape}] must be [${[d.B, d.OH, d.OW, d.outC]}]`);
  return implicitGemm({ src: gz, d, dgrad: true, bias: null, activation: 'identity', mask, wantPre: false, w }).out;
}

/**
 * Straight-line TM×TN body of conv2d_wgrad.wgsl. With `quads` (8×8, both channel counts
 * multiples of 4), the lane loads output channels 0–3 and input-channel quad 0 of each pixel and
 * swaps in the rest (quads.ts).
 */
function wgradBlock(TM: number, TN: number, xVec: boolean, gVec: boolean, quads: boolean) {
  const rows = range(TM);
  const quadsN = range(TN / 4);
  const rowAt = (i: number): string => `o0 + ${quads ? quadOffset(i, 'ox') : `${i}u`}`;
  const colAt = (c: number): string => `c0 + ${quads ? quadOffset(c, 'oy') : `${c}u`}`;
  const setup = rows.flatMap((i) => quadsN.map((j) => `var acc${i}_${j} = vec4f(0.0);`));
  const step: string[] = [];
  if (xVec) {
    const own = quads ? [0] : quadsN;
    setup.push(...own.map((j) => `let cq${j} = min(${colAt(4 * j)}, p.IC - 4u);`));
    step.push(...own.map((j) => `let xv${j} = x4(xo + cq${j});`));
  } else {
    setup.push(...range(TN).map((q) => `let cc${q} = min(c0 + ${q}u, p.IC - 1u);`));
    step.push(
      ...quadsN.map(
        (j) =>
          `let xv${j} = vec4f(${range(4)
            .map((q) => `x1(xo + cc${4 * j + q})`)
            .join(', ')});`,
      ),
    );
  }
  if (gVec) {
    const own = quads ? [0] : range(TM / 4);
    setup.push(...own.map((q) => `let oq${q} = min(${rowAt(4 * q)}, p.OC - 4u);`));
    step.push(...own.map((q) => `let gq${q} = g4(go + oq${q});`));
    step.push(...range(4 * own.length).map((i) => `let gs${i} = gq${i >> 2}[${i & 3}];`));
  } else {
    setup.push(...rows.map((i) => `let oc${i} = min(o0 + ${i}u, p.OC - 1u);`));
    step.push(...rows.map((i) => `let gs${i} = g1(go + oc${i});`));
  }
  if (quads) step.push(...swapRows('gs'), swapColumns('xv1', 'xv0', false));
  step.push(...rows.flatMap((i) => quadsN.map((j) => `acc${i}_${j} += gs${i} * xv${j};`)));
  const store = rows.flatMap((i) => quadsN.map((j) => `store(base, ${rowAt(i)}, ${colAt(4 * j)}, tap, acc${i}_${j});`));
  return {
    ORIGIN: origin(TM, TN, quads, 'o0', 'c0', 'OC', 'cBlocks'),
    REG_SETUP: join(setup),
    REG_STEP: join(step),
    REG_STORE: join(store),
  };
}

/**
 * dW [outC, inC, kh, kw] from the input x [B, H, W, inC] and dZ [B, OH, OW, outC]; masked, so
 * pruned weights get exactly zero.
 */
export function conv2dWeightGrad(
  x: Tensor,
  gz: Tensor,
  kernel: readonly [number, number],
  opts: WeightGradOptions = {},
): Tensor {
  const ctx = x.ctx;
  const mask = opts.mask ?? null;
  const [KH, KW] = kernel;
  const outC = gz.shape[3];
  const wShape = [outC, x.shape[3], KH, KW];
  const d = dims(x.shape, wShape, opts, mask);
  if (gz.shape.join() !== [d.B, d.OH, d.OW, d.outC].join())
    throw new Error(`conv2dWeightGrad: gradient [${gz.shape}] must be [${[d.B, d.OH, d.OW, d.outC]}]`);
  const xVec = d.inC % 4 === 0;
  const gVec = d.outC % 4 === 0;
  const taps = KH * KW;
  const defines = {
    X_ELEM: xVec ? 'vec4f' : 'f32',
    G_ELEM: gVec ? 'vec4f' : 'f32',
    X4: vecLoad4('x', xVec),
    X1: vecLoad1('x', xVec),
    G4: vecLoad4('g', gVec),
    G1: vecLoad1('g', gVec),
    MASK: mask ? ' * mask[i]' : '',
  };
  const geometry = {
    ...{ B: d.B, H: d.H, W: d.W, IC: d.inC, OH: d.OH, OW: d.OW, OC: d.outC, KH, KW },
    ...{ stride: d.stride, pad: d.pad },
  };
  // Batch splits: enough to occupy the adapter, each a dispatch slice along z (reduced below).
  const splitsFor = (perTap: number, target: number): number =>
    Math.max(1, Math.min(d.B, opts.splits ?? Math.ceil(target / (perTap * taps))));
  let splits: number;
  let dispatch: (dw: Tensor, batchPerSplit: number, used: number) => void;
  if (kernelVariant(ctx, 'conv') === 'tiles') {
    const tiles = tileBlock(tileSide(d.outC), tileSide(d.inC));
    const [wx, wy] = [Math.ceil(d.inC / tiles.BN), Math.ceil(d.outC / tiles.BM)];
    splits = splitsFor(wx * wy, WGRAD_TILE_WORKGROUPS);
    dispatch = (dw, batchPerSplit, used) =>
      wgradPrograms.tiles.run(ctx, {
        bindings: { x, g: gz, dw, mask },
        uniforms: { ...geometry, cBlocks: 0, blocks: 0, batchPerSplit },
        defines: { ...defines, ...tiles },
        workgroups: [wx, wy, taps * used],
      });
  } else {
    const TM = blockWidth(d.outC);
    const TN = blockWidth(d.inC);
    const quads = quadsFor(ctx, d.outC, d.inC) && xVec && gVec;
    // Column blocks per row block, and threads per tap: with quads, 4 lanes per 16×16 block.
    const cBlocks = quads ? Math.ceil(d.inC / 16) : Math.ceil(d.inC / TN);
    const blocks = quads ? Math.ceil(d.outC / 16) * cBlocks * 4 : Math.ceil(d.outC / TM) * cBlocks;
    splits = splitsFor(blocks, ctx.cpuKernels ? WGRAD_THREADS.software : WGRAD_THREADS.gpu);
    dispatch = (dw, batchPerSplit, used) =>
      wgradPrograms[quads ? 'quads' : 'plain'].run(ctx, {
        bindings: { x, g: gz, dw, mask },
        uniforms: { ...geometry, cBlocks, blocks, batchPerSplit },
        defines: { ...defines, ...wgradBlock(TM, TN, xVec, gVec, quads) },
        workgroups: [...grid(blocks, WG), taps * used],
      });
  }
  const batchPerSplit = Math.ceil(d.B / splits);
  const used = Math.ceil(d.B / batchPerSplit);
  const run = (dw: Tensor): void => dispatch(dw, batchPerSplit, used);
  if (used === 1) {
    const dw = ctx.empty(wShape);
    run(dw);
    return dw;
  }
  return ctx.scope(() => {
    const partial = ctx.empty([used, ...wShape]);
    run(partial);
    return sum(partial, 0);
  });
}
