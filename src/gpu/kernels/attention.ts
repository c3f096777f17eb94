/**
 * Fused multi-head scaled dot-product attention and its backward pass (see attention.wgsl).
 *
 * Layouts: q [B, Tq, H·Dh], k and v [B, Tk, H·Dh] — i.e. [B, T, H, Dh] with heads interleaved in
 * the feature axis, exactly what a Linear projection of [B, T, d] produces, so no transposes are
 * needed. The output is [B, Tq, H·Dh]; the logsumexp is [B, Tq, H]; probabilities (on request, for
 * display) are [B, H, Tq, Tk]. Dh ≤ 64 (one workgroup of 64 threads holds a head's row).
 *
 * Masks, combined by AND: `causal` lets query i see keys j ≤ i + (Tk − Tq) (the last query sees
 * every key); `lengths` (u32 [B]) lets batch item b see keys j < lengths[b]; `mask` ([Tq, Tk] or
 * [B, Tq, Tk], u32 or f32, nonzero = allowed). A query that sees no key outputs zeros.
 *
 * Three variants with the same results up to rounding, picked by kernelVariant (variants.ts): on
 * GPUs workgroups of 64 rows that read K and V (or Q and dO) in tiles staged in workgroup memory
 * (attention_tiles.wgsl), or as their fallback one workgroup per row (attention_forward/backward.wgsl);
 * on CPU adapters register tiles of several rows per thread with the heads in registers and no
 * barriers (attention_rows.wgsl). The tiles and the row tiles are generated per head dimension.
 * ctx.kernelVariant ('cpu' / 'gpu' / 'gpu-plain') forces one for tests and benchmarks.
 */
import common from '../../wgsl/attention.wgsl?raw';
import forwardIo from '../../wgsl/attention_forward_io.wgsl?raw';
import backwardIo from '../../wgsl/attention_backward_io.wgsl?raw';
import forwardCode from '../../wgsl/attention_forward.wgsl?raw';
import statsCode from '../../wgsl/attention_stats.wgsl?raw';
import backwardCode from '../../wgsl/attention_backward.wgsl?raw';
import rowsCode from '../../wgsl/attention_rows.wgsl?raw';
import tilesCode from '../../wgsl/attention_tiles.wgsl?raw';
import { defineProgram, type BindingDecl } from '../program.ts';
import type { Tensor } from '../tensor.ts';
import { kernelVariant, TILE_NEEDS } from './variants.ts';

const WG = 64;
const UNIFORMS = { rows: 'u32', Tq: 'u32', Tk: 'u32', H: 'u32', D: 'u32', scale: 'f32', mask_stride: 'u32' } as const;
const MASKING = { lens: 'read?', mask: 'read?' } as const;
const FORWARD = {
  q: 'read',
  k: 'read',
  v: 'read',
  f_out: 'read_write',
  f_lse: 'read_write',
  f_probs: 'read_write?',
  ...MASKING,
} as const;
const BACKWARD = {
  q: 'read',
  k: 'read',
  v: 'read',
  g_do: 'read',
  g_stats: 'read',
  g_out: 'read_write',
  ...MASKING,
} as const;
/** Defines of attention.wgsl and the io files. */
const COMMON_DEFINES = ['MASKS', 'MASK_TYPE', 'VEC'] as const;
const LOOP_DEFINES = [...COMMON_DEFINES, 'OWN', 'OTHER', 'R0', 'LOOP', 'SETUP', 'STEP', 'STORE'] as const;
const ROWS_DEFINES = [...LOOP_DEFINES, 'RT'] as const;
const TILES_DEFINES = [...LOOP_DEFINES, 'TILE', 'DC', 'LOAD_TILE'] as const;
const program = <const B extends Record<string, BindingDecl>, const D extends string>(
  name: string,
  code: string,
  entry: string,
  bindings: B,
  defines: readonly D[],
) =>
  defineProgram({ name, code: `${common}\n${code}`, entry, workgroupSize: WG, bindings, uniforms: UNIFORMS, defines });
const forwardIoCode = `${forwardIo}\n${forwardCode}`;
const backwardIoCode = `${backwardIo}\n${backwardCode}`;
const programs = {
  forward: program('attention-forward', forwardIoCode, 'forward', FORWARD, [...COMMON_DEFINES, 'WRITE_PROBS']),
  stats: program(
    'attention-stats',
    statsCode,
    'row_stats',
    { s_o: 'read', s_do: 'read', s_lse: 'read', s_stats: 'read_write' },
    [...COMMON_DEFINES, 'VEC_LEN', 'VEC_SUM'],
  ),
  backwardQ: program('attention-backward-q', backwardIoCode, 'backward_q', BACKWARD, COMMON_DEFINES),
  backwardKV: program('attention-backward-kv', backwardIoCode, 'backward_kv', BACKWARD, COMMON_DEFINES),
  forwardRows: program('attention-rows-forward', `${forwardIo}\n${rowsCode}`, 'rows', FORWARD, ROWS_DEFINES),
  backwardQRows: program('attention-rows-backward-q', `${backwardIo}\n${rowsCode}`, 'rows', BACKWARD, ROWS_DEFINES),
  backwardKVRows: program('attention-rows-backward-kv', `${backwardIo}\n${rowsCode}`, 'rows', BACKWARD, ROWS_DEFINES),
  forwardTiles: program('attention-tiles-forward', `${forwardIo}\n${tilesCode}`, 'tiles', FORWARD, TILES_DEFINES),
  backwardQTiles: program(
    'attention-tiles-backward-q',
    `${backwardIo}\n${tilesCode}`,
    'tiles',
    BACKWARD,
    TILES_DEFINES,
  ),
  backwardKVTiles: program(
    'attention-tiles-backward-kv',
    `${backwardIo}\n${tilesCode}`,
    'tiles',
    BACKWARD,
    TILES_DEFINES,
  ),
};
export const MAX_HEAD_DIM = WG;

export interface AttentionMasks {
  causal?: boolean;
  /** u32 [B]: number of valid keys per batch item (key padding). */
  lengths?: Tensor | null;
  /** [Tq, Tk] or [B, Tq, Tk], u32 or f32; nonzero where attention is allowed. */
  mask?: Tensor | null;
}

export interface AttentionOptions extends AttentionMasks {
  heads: number;
  /** Multiplies q·k; defaults to 1/√Dh. */
  scale?: number;
}

export interface Geometry {
  B: number;
  Tq: number;
  Tk: number;
  H: number;
  D: number;
  scale: number;
}

export function attentionGeometry(q: Tensor, k: Tensor, v: Tensor, o: AttentionOptions): Geometry {
  const fail = (why: string): never => {
    throw new Error(`attention: q [${q.shape}], k [${k.shape}], v [${v.shape}], ${o.heads} heads: ${why}`);
  };
  for (const t of [q, k, v]) {
    t.assertLive();
    if (t.rank !== 3 || t.dtype !== 'f32') fail('q, k and v must be f32 [B, T, heads·headDim]');
  }
  const [B, Tq, F] = q.shape;
  const Tk = k.shape[1];
  const H = o.heads;
  if (!(Number.isInteger(H) && H >= 1 && F % H === 0)) fail(`feature size ${F} is not a multiple of the head count`);
  if (k.shape.join() !== v.shape.join() || k.shape[0] !== B || k.shape[2] !== F)
    fail('k and v must be [B, Tk, features] like q');
  const D = F / H;
  if (D > MAX_HEAD_DIM) fail(`head dimension ${D} exceeds ${MAX_HEAD_DIM}`);
  if (o.lengths && (o.lengths.dtype !== 'u32' || o.lengths.size !== B)) fail(`lengths must be u32 [${B}]`);
  const m = o.mask;
  if (m && !((m.size === Tq * Tk || m.size === B * Tq * Tk) && m.dtype !== 'i32' && m.shape[m.rank - 1] === Tk)) {
    fail(`mask [${m.shape}] must be u32 or f32 [${Tq}, ${Tk}] or [${B}, ${Tq}, ${Tk}]`);
  }
  return { B, Tq, Tk, H, D, scale: o.scale ?? 1 / Math.sqrt(D) };
}

const PROBS_CODE = `for (var j = t; j < p.Tk; j += WG) {
    var pr = 0.0;
    if (allowed(b, i, j)) {
      let kb = k_row(b, j, h);
      var s = 0.0;
      for (var d = 0u; d < p.D; d++) { s += sa[d] * k[kb + d]; }
      pr = exp(s - lse);
    }
    f_probs[((b * p.H + h) * p.Tq + i) * p.Tk + j] = pr;
  }`;

const range = (n: number): number[] => [...Array(n).keys()];

/**
 * Rows per thread of the CPU variant's register tiles: query rows (forward, dQ) or key rows
 * (dK/dV, which keeps four head vectors per row). At the benchmark's shape (B 32, T 64, 4 heads
 * of 16) on SwiftShader, 8 made the three kernels about 3.5× faster than one row per thread with
 * scalar loads and about 25% faster than 4; 16 was no clearly faster and 3–4× slower to compile.
 */
export const ROW_TILES = { forward: 8, backwardQ: 8, backwardKV: 8 };

type Pass = keyof typeof ROW_TILES;

/**
 * ROW_TILES are for heads of ≤ 16; wider heads take proportionally fewer rows, which keeps the
 * registers per thread, and SwiftShader's compile time, about the same.
 */
function rowTile(D: number, pass: Pass): number {
  return Math.max(1, Math.floor(ROW_TILES[pass] / Math.ceil(D / 16)));
}

/**
 * Straight-line SETUP / STEP / STORE bodies of attention_rows_*.wgsl for head dimension D (see
 * attention_rows.wgsl for the register names). Index variables ending in b count VEC
 * elements: vec4s when D is a multiple of 4, else floats loaded and stored one at a time. Only
 * `masked` bodies test the masks: every row and key a thread touches is in range. `tiled` bodies
 * (attention_tiles.wgsl) own one row per thread and read the loop's rows from the workgroup tile
 * that their LOAD_TILE fills: t0 (K, or Q for dK/dV), t1 (V, or dO) and ts (the query rows' stats).
 */
function rowBlocks(D: number, pass: Pass, masked: boolean, probs: boolean, tiled = false) {
  const vec = D % 4 === 0;
  const U = vec ? 4 : 1;
  const C = range(Math.ceil(D / 4));
  const DC = C.length;
  const RT = tiled ? 1 : rowTile(D, pass);
  const rows = range(RT);
  const load = (arr: string, base: string, c: number): string => {
    if (vec) return `${arr}[${base} + ${c}u]`;
    return `vec4f(${range(4)
      .map((e) => (4 * c + e < D ? `${arr}[${base} + ${4 * c + e}u]` : '0.0'))
      .join(', ')})`;
  };
  const store = (arr: string, base: string, c: number, value: string): string => {
    if (vec) return `${arr}[${base} + ${c}u] = ${value};`;
    const comps = range(4).filter((e) => 4 * c + e < D);
    return `{ let w = ${value};${comps.map((e) => ` ${arr}[${base} + ${4 * c + e}u] = w.${'xyzw'[e]};`).join('')} }`;
  };
  const dot = (a: (c: number) => string, b: (c: number) => string): string =>
    C.map((c) => `dot(${a(c)}, ${b(c)})`).join(' + ');
  // `value`, or 0 where the masks exclude (i, j).
  const keep = (value: string, i: string, j: string): string =>
    masked ? `select(0.0, ${value}, unmasked(b, ${i}, ${j}))` : value;
  const join = (lines: string[]): string => lines.join('\n    ');
  // Query rows i<r> of this thread with row index qr<r> and base qb<r>. Rows past the end repeat
  // the last row, so they compute and store its values again, bit for bit, and need no branch.
  const queryRows = rows.flatMap((r) => [
    `let i${r} = min(iq + ${r}u, p.Tq - 1u);`,
    `let qr${r} = (b * p.Tq + i${r}) * p.H + h;`,
    `let qb${r} = qr${r} * p.D / ${U}u;`,
  ]);
  const keyRowAt = (j: string): string => `let kb = k_row(b, ${j}, h) / ${U}u;`;
  const keyRow = keyRowAt('j');
  const keyRows = tiled ? [] : [keyRow];
  const queryRow = (i: string): string[] => [`let qr = (b * p.Tq + ${i}) * p.H + h;`, `let qb = qr * p.D / ${U}u;`];
  // A vector of the loop's row: from storage at kb / qb, or from the tile at row u.
  const TILE_SLOT: Record<string, string> = { k: 't0', v: 't1', q: 't0', g_do: 't1' };
  const other = (arr: string, c: number): string =>
    tiled ? `${TILE_SLOT[arr]}[u * ${DC}u + ${c}u]` : load(arr, arr === 'k' || arr === 'v' ? 'kb' : 'qb', c);
  // The tile's row lt (thread lt loads one): K and V, or Q, dO and the stats.
  const fill = (arr: string, base: string): string[] =>
    C.map((c) => `${TILE_SLOT[arr]}[lt * ${DC}u + ${c}u] = ${load(arr, base, c)};`);
  const loadTile =
    pass === 'backwardKV'
      ? [
          ...queryRow('c0 + lt'),
          ...fill('q', 'qb'),
          ...fill('g_do', 'qb'),
          'ts[lt] = vec2f(g_stats[2u * qr], g_stats[2u * qr + 1u]);',
        ]
      : [keyRowAt('c0 + lt'), ...fill('k', 'kb'), ...fill('v', 'kb')];
  const block = { RT, VEC: vec ? 'vec4f' : 'f32', SETUP: '', STEP: '', STORE: '', LOAD_TILE: join(loadTile) };
  if (pass === 'forward') {
    block.SETUP = join([
      ...queryRows,
      ...rows.flatMap((r) => C.map((c) => `let q${r}_${c} = ${load('q', `qb${r}`, c)} * p.scale;`)),
      ...rows.flatMap((r) => [...C.map((c) => `var a${r}_${c} = vec4f(0.0);`), `var m${r} = NEG;`, `var l${r} = 0.0;`]),
    ]);
    block.STEP = join([
      ...keyRows,
      ...C.map((c) => `let k_${c} = ${other('k', c)};`),
      ...rows.flatMap((r) => [
        `let s${r} = ${dot(
          (c) => `q${r}_${c}`,
          (c) => `k_${c}`,
        )};`,
        // A masked key leaves the running max alone (no −∞ arithmetic).
        masked
          ? `let mn${r} = select(m${r}, max(m${r}, s${r}), unmasked(b, i${r}, j));`
          : `let mn${r} = max(m${r}, s${r});`,
        `let corr${r} = exp(m${r} - mn${r});`,
        `let p${r} = ${keep(`exp(s${r} - mn${r})`, `i${r}`, 'j')};`,
        `l${r} = l${r} * corr${r} + p${r};`,
        `m${r} = mn${r};`,
      ]),
      ...C.map((c) => `let v_${c} = ${other('v', c)};`),
      ...rows.flatMap((r) => C.map((c) => `a${r}_${c} = a${r}_${c} * corr${r} + p${r} * v_${c};`)),
    ]);
    block.STORE = join([
      ...rows.flatMap((r) => [
        `let lse${r} = select(m${r} + log(l${r}), BIG, l${r} == 0.0);`,
        `let inv${r} = select(1.0 / l${r}, 0.0, l${r} == 0.0);`,
        ...C.map((c) => store('f_out', `qb${r}`, c, `a${r}_${c} * inv${r}`)),
        `f_lse[qr${r}] = lse${r};`,
      ]),
      ...(probs
        ? [
            'for (var j = 0u; j < p.Tk; j++) {',
            `  ${keyRow}`,
            ...C.map((c) => `  let k_${c} = ${load('k', 'kb', c)};`),
            ...rows.map(
              (r) =>
                `  f_probs[((b * p.H + h) * p.Tq + i${r}) * p.Tk + j] = ${keep(
                  `exp(${dot(
                    (c) => `q${r}_${c}`,
                    (c) => `k_${c}`,
                  )} - lse${r})`,
                  `i${r}`,
                  'j',
                )};`,
            ),
            '}',
          ]
        : []),
    ]);
  } else if (pass === 'backwardQ') {
    block.SETUP = join([
      ...queryRows,
      ...rows.flatMap((r) => [
        ...C.map((c) => `let q${r}_${c} = ${load('q', `qb${r}`, c)} * p.scale;`),
        ...C.map((c) => `let o${r}_${c} = ${load('g_do', `qb${r}`, c)};`),
        ...C.map((c) => `var a${r}_${c} = vec4f(0.0);`),
        `let lse${r} = g_stats[2u * qr${r}];`,
        `let dsum${r} = g_stats[2u * qr${r} + 1u];`,
      ]),
    ]);
    block.STEP = join([
      ...keyRows,
      ...C.flatMap((c) => [`let k_${c} = ${other('k', c)};`, `let v_${c} = ${other('v', c)};`]),
      ...rows.flatMap((r) => [
        `let s${r} = ${dot(
          (c) => `q${r}_${c}`,
          (c) => `k_${c}`,
        )};`,
        `let dp${r} = ${dot(
          (c) => `o${r}_${c}`,
          (c) => `v_${c}`,
        )};`,
        `let ds${r} = ${keep(`exp(s${r} - lse${r}) * (dp${r} - dsum${r})`, `i${r}`, 'j')};`,
        ...C.map((c) => `a${r}_${c} += ds${r} * k_${c};`),
      ]),
    ]);
    block.STORE = join(rows.flatMap((r) => C.map((c) => store('g_out', `qb${r}`, c, `a${r}_${c} * p.scale`))));
  } else {
    block.SETUP = join(
      rows.flatMap((r) => [
        `let j${r} = min(jk + ${r}u, p.Tk - 1u);`,
        `let kb${r} = k_row(b, j${r}, h) / ${U}u;`,
        ...C.map((c) => `let k${r}_${c} = ${load('k', `kb${r}`, c)} * p.scale;`),
        ...C.map((c) => `let v${r}_${c} = ${load('v', `kb${r}`, c)};`),
        ...C.map((c) => `var dk${r}_${c} = vec4f(0.0);`),
        ...C.map((c) => `var dv${r}_${c} = vec4f(0.0);`),
      ]),
    );
    block.STEP = join([
      ...(tiled ? [] : queryRow('i')),
      ...C.flatMap((c) => [`let x_${c} = ${other('q', c)};`, `let y_${c} = ${other('g_do', c)};`]),
      ...(tiled
        ? ['let lse = ts[u].x;', 'let dsum = ts[u].y;']
        : ['let lse = g_stats[2u * qr];', 'let dsum = g_stats[2u * qr + 1u];']),
      ...rows.flatMap((r) => [
        `let pr${r} = ${keep(
          `exp(${dot(
            (c) => `x_${c}`,
            (c) => `k${r}_${c}`,
          )} - lse)`,
          'i',
          `j${r}`,
        )};`,
        `let ds${r} = pr${r} * (${dot(
          (c) => `y_${c}`,
          (c) => `v${r}_${c}`,
        )} - dsum);`,
        ...C.flatMap((c) => [`dv${r}_${c} += pr${r} * y_${c};`, `dk${r}_${c} += ds${r} * x_${c};`]),
      ]),
    ]);
    block.STORE = join(
      rows.flatMap((r) =>
        C.flatMap((c) => [
          store('g_out', `kb${r}`, c, `dk${r}_${c} * p.scale`),
          store('g_out', `p.rows * p.D / ${U}u + kb${r}`, c, `dv${r}_${c}`),
        ]),
      ),
    );
  }
  return block;
}

/**
 * The CPU variant of a pass (register tiles of rows per thread, attention_rows.wgsl): its
 * threads and defines. GPUs run one workgroup per row instead.
 */
function rowsVariant(g: Geometry, pass: Pass, o: AttentionMasks, probs = false) {
  const T = pass === 'backwardKV' ? g.Tk : g.Tq;
  const masked = !!(o.causal || o.lengths || o.mask);
  const { LOAD_TILE: _load, ...block } = rowBlocks(g.D, pass, masked, probs);
  return {
    threads: g.B * g.H * Math.ceil(T / rowTile(g.D, pass)),
    defines: { ...loopAxes(pass), ...block },
  };
}

/** Rows of queries, looping over keys; dK/dV the other way round (attention_rows.wgsl). */
function loopAxes(pass: Pass) {
  return pass === 'backwardKV'
    ? { OWN: 'Tk', OTHER: 'Tq', R0: 'jk', LOOP: 'i' }
    : { OWN: 'Tq', OTHER: 'Tk', R0: 'iq', LOOP: 'j' };
}

/**
 * Rows per tile of the 'tiles' variant for DC vec4s per head row: as many as fit the workgroup
 * memory (two tiles of rows, 16 bytes per vec4, and 8 bytes of stats per row), a multiple of 4, at
 * most one per thread.
 */
function tileRows(DC: number): number {
  return Math.min(WG, Math.floor(TILE_NEEDS.attention.bytes / (32 * DC + 8) / 4) * 4);
}

/** The GPU variant of a pass (workgroup-memory tiles, attention_tiles.wgsl): its threads and defines. */
function tilesVariant(g: Geometry, pass: Pass, o: AttentionMasks, probs = false) {
  const T = pass === 'backwardKV' ? g.Tk : g.Tq;
  const DC = Math.ceil(g.D / 4);
  const { RT: _rt, ...block } = rowBlocks(g.D, pass, !!(o.causal || o.lengths || o.mask), probs, true);
  return {
    threads: g.B * g.H * Math.ceil(T / WG) * WG,
    defines: { ...loopAxes(pass), ...block, TILE: tileRows(DC), DC },
  };
}

/** MASKS, the masking code of attention.wgsl, and the mask's element type. */
function maskDefines(o: AttentionMasks) {
  const masks: string[] = [];
  const type = o.mask?.dtype === 'u32' ? 'u32' : 'f32';
  if (o.causal) masks.push('ok = ok & (j + p.Tq <= i + p.Tk);');
  if (o.lengths) masks.push('ok = ok & (j < lens[b]);');
  // Clamped, so an out-of-range (i, j) reads a valid entry.
  if (o.mask)
    masks.push(`ok = ok & (mask[b * p.mask_stride + min(i, p.Tq - 1u) * p.Tk + min(j, p.Tk - 1u)] != ${type}(0));`);
  return { MASKS: masks.join('\n  '), MASK_TYPE: type };
}

/** The uniforms of a pass over `rows` rows. */
function uniforms(g: Geometry, o: AttentionMasks, rows: number) {
  const maskStride = o.mask && o.mask.size === g.B * g.Tq * g.Tk ? g.Tq * g.Tk : 0;
  return { rows, Tq: g.Tq, Tk: g.Tk, H: g.H, D: g.D, scale: g.scale, mask_stride: maskStride };
}

export interface AttentionResult {
  out: Tensor;
  /** [B, Tq, H]; what the backward pass needs besides the inputs and the output. */
  lse: Tensor;
  /** [B, H, Tq, Tk] when requested, else null. */
  probs: Tensor | null;
}

export function attention(q: Tensor, k: Tensor, v: Tensor, o: AttentionOptions & { probs?: boolean }): AttentionResult {
  const g = attentionGeometry(q, k, v, o);
  const ctx = q.ctx;
  const out = ctx.empty(q.shape);
  const lse = ctx.empty([g.B, g.Tq, g.H]);
  const probs = o.probs ? ctx.empty([g.B, g.H, g.Tq, g.Tk]) : null;
  const rows = g.B * g.Tq * g.H;
  const args = {
    bindings: { q, k, v, f_out: out, f_lse: lse, f_probs: probs, lens: o.lengths, mask: o.mask },
    uniforms: uniforms(g, o, rows),
  };
  const variant = kernelVariant(ctx, 'attention');
  if (variant === 'rows') {
    const r = rowsVariant(g, 'forward', o, !!probs);
    programs.forwardRows.run(ctx, { ...args, defines: { ...maskDefines(o), ...r.defines }, threads: r.threads });
  } else if (variant === 'tiles') {
    const r = tilesVariant(g, 'forward', o, !!probs);
    programs.forwardTiles.run(ctx, { ...args, defines: { ...maskDefines(o), ...r.defines }, threads: r.threads });
  } else {
    programs.forward.run(ctx, {
      ...args,
      defines: { ...maskDefines(o), VEC: 'f32', WRITE_PROBS: probs ? PROBS_CODE : '' },
      threads: rows * WG,
    });
  }
  return { out, lse, probs };
}

export interface AttentionGrads {
  dq: Tensor;
  dk: Tensor;
  dv: Tensor;
}

/**
 * dQ, dK, dV from the forward's output and logsumexp, recomputing the probabilities: one kernel
 * loops over keys per query row (dQ), one over queries per key row (dK, dV); no atomics.
 */
export function attentionBackward(
  q: Tensor,
  k: Tensor,
  v: Tensor,
  out: Tensor,
  lse: Tensor,
  dout: Tensor,
  o: AttentionOptions,
): AttentionGrads {
  const g = attentionGeometry(q, k, v, o);
  if (dout.shape.join() !== q.shape.join() || out.shape.join() !== q.shape.join()) {
    throw new Error(`attentionBackward: out [${out.shape}] and dout [${dout.shape}] must be [${q.shape}]`);
  }
  const ctx = q.ctx;
  const qRows = g.B * g.Tq * g.H;
  const kRows = g.B * g.Tk * g.H;
  return ctx.scope(() => {
    const stats = ctx.empty([qRows, 2]);
    const vec = g.D % 4 === 0;
    programs.stats.run(ctx, {
      bindings: { s_o: out, s_do: dout, s_lse: lse, s_stats: stats },
      uniforms: uniforms(g, {}, qRows),
      defines: {
        ...maskDefines({}),
        VEC: vec ? 'vec4f' : 'f32',
        VEC_LEN: vec ? 4 : 1,
        VEC_SUM: vec ? 's.x + s.y + s.z + s.w' : 's',
      },
      threads: qRows,
    });
    // dQ loops over keys per query row, dK/dV over queries per key row; both write g_out.
    const backward = (pass: 'backwardQ' | 'backwardKV', gOut: Tensor, rows: number): void => {
      const args = {
        bindings: { q, k, v, g_do: dout, g_stats: stats, g_out: gOut, lens: o.lengths, mask: o.mask },
        uniforms: uniforms(g, o, rows),
      };
      const variant = kernelVariant(ctx, 'attention');
      if (variant === 'rows') {
        const r = rowsVariant(g, pass, o);
        const rowsProgram = pass === 'backwardQ' ? programs.backwardQRows : programs.backwardKVRows;
        rowsProgram.run(ctx, { ...args, defines: { ...maskDefines(o), ...r.defines }, threads: r.threads });
      } else if (variant === 'tiles') {
        const r = tilesVariant(g, pass, o);
        const tilesProgram = pass === 'backwardQ' ? programs.backwardQTiles : programs.backwardKVTiles;
        tilesProgram.run(ctx, { ...args, defines: { ...maskDefines(o), ...r.defines }, threads: r.threads });
      } else {
        programs[pass].run(ctx, { ...args, defines: { ...maskDefines(o), VEC: 'f32' }, threads: rows * WG });
      }
    };
    const dq = ctx.empty(q.shape);
    backward('backwardQ', dq, qRows);
    const dkv = ctx.empty([2, ...k.shape]);
    backward('backwardKV', dkv, kRows);
    const dk = ctx.empty(k.shape);
    const dv = ctx.empty(v.shape);
    ctx.copy(dkv, dk, dk.bytes);
    ctx.copy(dkv, dv, dv.bytes, dk.bytes);
    return { dq, dk, dv };
  });
}
