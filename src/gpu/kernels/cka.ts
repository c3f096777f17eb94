/**
 * Kernels of linear CKA in its Gram form (cka.wgsl): column centring, the per-pair statistics
 * (CKA, ⟨K, L⟩, ‖K‖, ‖L‖) of Gram matrices, and the gradient of CKA with respect to one Gram.
 * ops/cka.ts composes them with the matmul kernel into a differentiable CKA and a CKA matrix.
 */
import code from '../../wgsl/cka.wgsl?raw';
import { programModule } from '../program.ts';
import type { Tensor } from '../tensor.ts';

const program = programModule({ name: 'cka', code, workgroupSize: 256, uniforms: { a: 'u32', b: 'u32' } });
const centerProgram = program('center', { x: 'read', out: 'read_write' }, 'pc');
const statsProgram = program('pair_stats', { k: 'read', l: 'read', stats: 'read_write' }, 'ps');
const gradProgram = program(
  'gram_grad',
  { gk: 'read', gl: 'read', pair: 'read', g: 'read', dgram: 'read_write' },
  'pg',
);

function checkF32(name: string, ...ts: Tensor[]): void {
  for (const t of ts) {
    t.assertLive();
    if (t.dtype !== 'f32') throw new Error(`${name} takes f32 tensors, got ${t.dtype} [${t.shape}]`);
  }
}

/** X [n, p] with every column's mean subtracted; also the backward of centring (H is symmetric). */
export function centerColumns(x: Tensor): Tensor {
  checkF32('centerColumns', x);
  if (x.rank !== 2) throw new Error(`centerColumns takes [n, p], got [${x.shape}]`);
  const [n, p] = x.shape;
  const out = x.ctx.empty([n, p]);
  centerProgram.run(x.ctx, { bindings: { x, out }, uniforms: { a: n, b: p }, threads: p });
  return out;
}

/** Gram stacks as [count, n, n]; a single [n, n] Gram is a stack of one. */
function gramCount(g: Tensor): { count: number; n: number } {
  const n = g.shape[g.rank - 1];
  if (g.rank < 2 || g.rank > 3 || g.shape[g.rank - 2] !== n)
    throw new Error(`expected [A, n, n] Grams, got [${g.shape}]`);
  return { count: g.rank === 3 ? g.shape[0] : 1, n };
}

/**
 * For Gram stacks K [A, n, n] and L [B, n, n] of the same n inputs, [A, B, 4]: per pair
 * (CKA, ⟨K, L⟩, ‖K‖, ‖L‖). CKA is 0 where a Gram is all zeros.
 */
export function ckaStats(k: Tensor, l: Tensor): Tensor {
  checkF32('ckaStats', k, l);
  const a = gramCount(k);
  const b = gramCount(l);
  if (a.n !== b.n) throw new Error(`ckaStats: Grams of ${a.n} and ${b.n} inputs`);
  const stats = k.ctx.empty([a.count, b.count, 4]);
  statsProgram.run(k.ctx, {
    bindings: { k, l, stats },
    uniforms: { a: a.n * a.n, b: b.count },
    workgroups: [a.count, b.count],
  });
  return stats;
}

/**
 * dK + dKᵀ for g·CKA(K, L) with respect to K [n, n], from the pair's ckaStats `pair` [4] and the
 * upstream gradient g [1]; L is held constant (a frozen guide's Gram).
 */
export function ckaGramGrad(k: Tensor, l: Tensor, pair: Tensor, g: Tensor): Tensor {
  checkF32('ckaGramGrad', k, l, pair, g);
  if (k.size !== l.size || pair.size !== 4 || g.size !== 1)
    throw new Error(`ckaGramGrad: Grams [${k.shape}] and [${l.shape}], stats [${pair.shape}], g [${g.shape}]`);
  const dgram = k.ctx.empty(k.shape);
  gradProgram.run(k.ctx, {
    bindings: { gk: k, gl: l, pair, g, dgram },
    uniforms: { a: k.size, b: 0 },
    threads: k.size,
  });
  return dgram;
}
