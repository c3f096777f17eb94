/** CPU references for flat.ts over lists of Float32Arrays (f64 accumulation for reductions). */

export function axpbyRef(a: number, x: Float32Array[], b: number, y: Float32Array[]): Float32Array[] {
  return y.map((yi, k) => yi.map((v, i) => a * x[k][i] + b * v));
}

export function lerpRef(a: Float32Array[], b: Float32Array[], t: number): Float32Array[] {
  return a.map((ai, k) => ai.map((v, i) => v + t * (b[k][i] - v)));
}

export function dotRef(x: Float32Array[], y: Float32Array[]): number {
  let s = 0;
  x.forEach((xi, k) => xi.forEach((v, i) => (s += v * y[k][i])));
  return s;
}

export function normRef(x: Float32Array[]): number {
  return Math.sqrt(dotRef(x, x));
}
