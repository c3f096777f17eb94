/** Correlations and line fits of paired samples (CPU, float64). */

/** Means of a and b, and the sums Σ(a−ā)(b−b̄), Σ(a−ā)², Σ(b−b̄)². */
function centredSums(a: ArrayLike<number>, b: ArrayLike<number>) {
  const n = a.length;
  let sa = 0;
  let sb = 0;
  for (let i = 0; i < n; i++) {
    sa += a[i];
    sb += b[i];
  }
  const ma = sa / n;
  const mb = sb / n;
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < n; i++) {
    ab += (a[i] - ma) * (b[i] - mb);
    aa += (a[i] - ma) ** 2;
    bb += (b[i] - mb) ** 2;
  }
  return { ma, mb, ab, aa, bb };
}

/** Pearson correlation; NaN when either side is constant. */
export function pearson(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const { ab, aa, bb } = centredSums(a, b);
  return ab / Math.sqrt(aa * bb);
}

/** Least-squares line y = a + b·x and its R² (1 when y is constant). */
export function fitLine(xs: ArrayLike<number>, ys: ArrayLike<number>): { a: number; b: number; r2: number } {
  const { ma: mx, mb: my, ab: sxy, aa: sxx, bb: syy } = centredSums(xs, ys);
  const b = sxy / sxx;
  return { a: my - b * mx, b, r2: syy > 0 ? (sxy * sxy) / (sxx * syy) : 1 };
}

/** Ranks 0 … n−1 of the values, tied values sharing the mean of their ranks. */
function ranks(v: ArrayLike<number>): number[] {
  const order = Array.from(v, (x, i) => [x, i] as const).sort((p, q) => p[0] - q[0]);
  const r = new Array<number>(v.length);
  for (let i = 0; i < order.length;) {
    let j = i;
    while (j + 1 < order.length && order[j + 1][0] === order[i][0]) j++;
    for (let k = i; k <= j; k++) r[order[k][1]] = (i + j) / 2;
    i = j + 1;
  }
  return r;
}

/** Spearman rank correlation: Pearson's on the ranks (average ranks on ties). */
export function spearman(a: ArrayLike<number>, b: ArrayLike<number>): number {
  return pearson(ranks(a), ranks(b));
}
