/** Plain TypeScript reference for elr.ts (float64 math). */
import { ELR_CLAMP } from './elr.ts';

const clamped = (v: number) => Math.min(Math.max(v, ELR_CLAMP), 1 - ELR_CLAMP);

export interface ElrRef {
  /** Per-row loss. */
  loss: Float64Array;
  /** The pool's targets after the update. */
  targets: Float64Array;
  /** ∂(Σ_r scale·loss_r)/∂z, [rows·cols]. */
  grad: Float64Array;
}

/** ELR of logits [rows, cols] whose row r is pool example order[offset + r], from targets [n, cols]. */
export function elrRef(
  logits: Float32Array,
  labels: Uint32Array,
  order: Uint32Array,
  targets: Float32Array,
  o: { cols: number; offset: number; lambda: number; beta: number; scale: number },
): ElrRef {
  const { cols } = o;
  const rows = labels.length;
  const next = Float64Array.from(targets);
  const loss = new Float64Array(rows);
  const grad = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    const z = Array.from(logits.subarray(r * cols, (r + 1) * cols));
    const m = Math.max(...z);
    const e = z.map((v) => Math.exp(v - m));
    const s = e.reduce((a, b) => a + b, 0);
    const p = e.map((v) => v / s);
    const q = p.map(clamped);
    const qs = q.reduce((a, b) => a + b, 0);
    const i = order[o.offset + r];
    const t = q.map((qk, k) => o.beta * targets[i * cols + k] + ((1 - o.beta) * qk) / qs);
    t.forEach((tk, k) => (next[i * cols + k] = tk));
    const c = 1 - q.reduce((a, qk, k) => a + qk * t[k], 0);
    const y = labels[r];
    loss[r] = y < cols ? Math.log(s) - (z[y] - m) + o.lambda * Math.log(c) : NaN;
    const u = p.map((pk, k) => (pk > ELR_CLAMP && pk < 1 - ELR_CLAMP ? -t[k] / c : 0));
    const w = u.reduce((a, uk, k) => a + uk * p[k], 0);
    p.forEach((pj, j) => {
      const d = pj - (j === y ? 1 : 0) + o.lambda * pj * (u[j] - w);
      grad[r * cols + j] = y < cols ? o.scale * d : NaN;
    });
  }
  return { loss, targets: next, grad };
}
