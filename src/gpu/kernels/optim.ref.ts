/** CPU references for optim.ts (f64 arithmetic), updating the arrays in place like the kernels. */
import type { AdamHyper, SgdHyper } from './optim.ts';

export function sgdRef(w: Float32Array, g: Float32Array, vel: Float32Array, h: SgdHyper, mask?: Float32Array): void {
  for (let i = 0; i < w.length; i++) {
    let wi = w[i];
    let gi = g[i];
    if (h.decoupled) wi *= 1 - h.lr * h.weightDecay;
    else gi += h.weightDecay * wi;
    const v = h.momentum * vel[i] + gi;
    const step = h.nesterov ? gi + h.momentum * v : v;
    const keep = mask ? mask[i] : 1;
    if (h.momentum !== 0) vel[i] = v * keep;
    w[i] = (wi - h.lr * step) * keep;
  }
}

export function adamRef(
  w: Float32Array,
  g: Float32Array,
  m: Float32Array,
  v: Float32Array,
  h: AdamHyper,
  mask?: Float32Array,
): void {
  const bc1 = 1 - h.beta1 ** h.step;
  const bc2 = 1 - h.beta2 ** h.step;
  for (let i = 0; i < w.length; i++) {
    let wi = w[i];
    let gi = g[i];
    if (h.decoupled) wi *= 1 - h.lr * h.weightDecay;
    else gi += h.weightDecay * wi;
    const mi = h.beta1 * m[i] + (1 - h.beta1) * gi;
    const vi = h.beta2 * v[i] + (1 - h.beta2) * gi * gi;
    const keep = mask ? mask[i] : 1;
    m[i] = mi * keep;
    v[i] = vi * keep;
    w[i] = (wi - (h.lr * (mi / bc1)) / (Math.sqrt(vi / bc2) + h.eps)) * keep;
  }
}
