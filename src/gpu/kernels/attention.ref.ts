/** Plain TypeScript attention (float64 math, full score matrix) for tests; layouts as attention.ts. */

export interface AttentionRefShape {
  B: number;
  Tq: number;
  Tk: number;
  H: number;
  D: number;
  scale: number;
  causal?: boolean;
  lengths?: ArrayLike<number>;
  /** [Tq, Tk] or [B, Tq, Tk]; nonzero = allowed. */
  mask?: ArrayLike<number>;
}

export function allowedRef(s: AttentionRefShape, b: number, i: number, j: number): boolean {
  if (s.causal && j > i + s.Tk - s.Tq) return false;
  if (s.lengths && j >= s.lengths[b]) return false;
  if (s.mask) {
    const stride = s.mask.length === s.Tq * s.Tk ? 0 : s.Tq * s.Tk;
    if (s.mask[b * stride + i * s.Tk + j] === 0) return false;
  }
  return true;
}

export interface AttentionRefResult {
  out: Float64Array;
  lse: Float64Array;
  /** [B, H, Tq, Tk] */
  probs: Float64Array;
}

const at = (s: AttentionRefShape, T: number, b: number, t: number, h: number, d: number): number =>
  ((b * T + t) * s.H + h) * s.D + d;

export function attentionRef(
  s: AttentionRefShape,
  q: Float32Array,
  k: Float32Array,
  v: Float32Array,
): AttentionRefResult {
  const { B, Tq, Tk, H, D } = s;
  const out = new Float64Array(B * Tq * H * D);
  const lse = new Float64Array(B * Tq * H);
  const probs = new Float64Array(B * H * Tq * Tk);
  for (let b = 0; b < B; b++)
    for (let h = 0; h < H; h++)
      for (let i = 0; i < Tq; i++) {
        const sc = new Float64Array(Tk).fill(-Infinity);
        for (let j = 0; j < Tk; j++) {
          if (!allowedRef(s, b, i, j)) continue;
          let dot = 0;
          for (let d = 0; d < D; d++) dot += q[at(s, Tq, b, i, h, d)] * k[at(s, Tk, b, j, h, d)];
          sc[j] = dot * s.scale;
        }
        const m = Math.max(...sc);
        const r = (b * Tq + i) * H + h;
        if (m === -Infinity) {
          lse[r] = 3.402823e38;
          continue;
        }
        let sum = 0;
        for (const x of sc) sum += Math.exp(x - m);
        lse[r] = m + Math.log(sum);
        for (let j = 0; j < Tk; j++) {
          const pr = Math.exp(sc[j] - m) / sum;
          probs[((b * H + h) * Tq + i) * Tk + j] = pr;
          for (let d = 0; d < D; d++) out[at(s, Tq, b, i, h, d)] += pr * v[at(s, Tk, b, j, h, d)];
        }
      }
  return { out, lse, probs };
}

/** Gradients from the full probability matrix: dV = Pᵀ dO, dS = P ⊙ (dO vᵀ − rowsum), dQ, dK. */
export function attentionBackwardRef(
  s: AttentionRefShape,
  q: Float32Array,
  k: Float32Array,
  v: Float32Array,
  dout: Float32Array,
): { dq: Float64Array; dk: Float64Array; dv: Float64Array } {
  const { B, Tq, Tk, H, D } = s;
  const { probs } = attentionRef(s, q, k, v);
  const dq = new Float64Array(q.length);
  const dk = new Float64Array(k.length);
  const dv = new Float64Array(v.length);
  for (let b = 0; b < B; b++)
    for (let h = 0; h < H; h++)
      for (let i = 0; i < Tq; i++) {
        const P = (j: number): number => probs[((b * H + h) * Tq + i) * Tk + j];
        const dp = new Float64Array(Tk);
        let rowsum = 0;
        for (let j = 0; j < Tk; j++) {
          for (let d = 0; d < D; d++) dp[j] += dout[at(s, Tq, b, i, h, d)] * v[at(s, Tk, b, j, h, d)];
          rowsum += P(j) * dp[j];
        }
        for (let j = 0; j < Tk; j++) {
          const ds = P(j) * (dp[j] - rowsum);
          for (let d = 0; d < D; d++) {
            dv[at(s, Tk, b, j, h, d)] += P(j) * dout[at(s, Tq, b, i, h, d)];
            dq[at(s, Tq, b, i, h, d)] += s.scale * ds * k[at(s, Tk, b, j, h, d)];
            dk[at(s, Tk, b, j, h, d)] += s.scale * ds * q[at(s, Tq, b, i, h, d)];
          }
        }
      }
  return { dq, dk, dv };
}
