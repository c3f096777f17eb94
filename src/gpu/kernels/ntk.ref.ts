/**
 * Float64 reference for ntk.ts: one layer of the NNGP/NTK recursion, with the arc-cosine closed
 * form for ReLU or Gauss–Hermite quadrature (the same rule as the kernel) for any activation.
 */
import { gaussHermite } from './gauss-hermite.ts';
import type { NtkActivation } from './ntk.ts';

const erf = (x: number): number => {
  // erf by its Maclaurin series / continued fraction is overkill here: A&S 7.1.26 has |error| < 1.5e-7,
  // far below the float32 tolerance the kernel is held to, and keeps the reference readable.
  const t = 1 / (1 + 0.3275911 * Math.abs(x));
  const y =
    1 -
    ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
  return Math.sign(x) * y;
};

export const ACTIVATIONS: Record<NtkActivation, { f: (x: number) => number; df: (x: number) => number }> = {
  relu: { f: (x) => Math.max(x, 0), df: (x) => (x > 0 ? 1 : 0) },
  tanh: { f: Math.tanh, df: (x) => 1 - Math.tanh(x) ** 2 },
  erf: { f: erf, df: (x) => (2 / Math.sqrt(Math.PI)) * Math.exp(-x * x) },
  sin: { f: Math.sin, df: Math.cos },
  gelu: {
    f: (x) => 0.5 * x * (1 + erf(x / Math.SQRT2)),
    df: (x) => 0.5 * (1 + erf(x / Math.SQRT2)) + (x * Math.exp(-0.5 * x * x)) / Math.sqrt(2 * Math.PI),
  },
};

/** E[f(u)·g(v)] for (u, v) ~ N(0, [[a, c], [c, b]]) by q×q Gauss–Hermite quadrature. */
export function gaussianExpectation(
  f: (x: number) => number,
  g: (x: number) => number,
  a: number,
  b: number,
  c: number,
  q: number,
): number {
  const { nodes, weights } = gaussHermite(q);
  const rho = Math.max(-1, Math.min(1, c / Math.sqrt(a * b)));
  const r = Math.sqrt(1 - rho * rho);
  let s = 0;
  for (let i = 0; i < q; i++)
    for (let j = 0; j < q; j++) {
      const x = Math.SQRT2 * nodes[i];
      const y = Math.SQRT2 * nodes[j];
      s += weights[i] * weights[j] * f(Math.sqrt(a) * x) * g(Math.sqrt(b) * (rho * x + r * y));
    }
  return s / Math.PI;
}

/**
 * E[φ(u)φ(v)] and E[φ'(u)φ'(v)] in closed form for (u, v) ~ N(0, [[a, c], [c, b]]): the arc-cosine
 * kernel (ReLU), Williams' arcsine kernel (erf) and e^{−(a+b)/2}·sinh/cosh(c) (sin).
 */
export function closedForm(activation: NtkActivation, a: number, b: number, c: number): { k: number; kd: number } {
  const rho = Math.max(-1, Math.min(1, c / Math.sqrt(a * b)));
  const cc = rho * Math.sqrt(a * b);
  switch (activation) {
    case 'relu': {
      const th = Math.acos(rho);
      return {
        k: (Math.sqrt(a * b) * (Math.sqrt(1 - rho * rho) + (Math.PI - th) * rho)) / (2 * Math.PI),
        kd: (Math.PI - th) / (2 * Math.PI),
      };
    }
    case 'erf': {
      const g = (1 + 2 * a) * (1 + 2 * b);
      return { k: (2 / Math.PI) * Math.asin((2 * cc) / Math.sqrt(g)), kd: 4 / Math.PI / Math.sqrt(g - 4 * cc * cc) };
    }
    case 'sin': {
      const e = Math.exp(-(a + b) / 2);
      return { k: e * Math.sinh(cc), kd: e * Math.cosh(cc) };
    }
    default:
      throw new Error(`closedForm: ${activation} has none`);
  }
}

export function ntkLayerRef(
  sigma: ArrayLike<number>,
  theta: ArrayLike<number>,
  n: number,
  activation: NtkActivation,
  sw2: number,
  sb2: number,
  q: number,
): { sigma: Float64Array; theta: Float64Array } {
  const so = new Float64Array(n * n);
  const to = new Float64Array(n * n);
  const { f, df } = ACTIVATIONS[activation];
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      const a = sigma[i * n + i];
      const b = sigma[j * n + j];
      const c = sigma[i * n + j];
      let k: number;
      let kd: number;
      if (q === 0) ({ k, kd } = closedForm(activation, a, b, c));
      else {
        k = gaussianExpectation(f, f, a, b, c, q);
        kd = gaussianExpectation(df, df, a, b, c, q);
      }
      so[i * n + j] = sw2 * k + sb2;
      to[i * n + j] = so[i * n + j] + theta[i * n + j] * sw2 * kd;
    }
  return { sigma: so, theta: to };
}
