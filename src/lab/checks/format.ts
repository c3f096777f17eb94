/** Seed statistics and the number formats of the checks' lines (CPU, no GPU code). */

export function mean(xs: readonly number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

/** Sample standard deviation (n − 1; 0 for one seed). */
export function std(xs: readonly number[]): number {
  const m = mean(xs);
  return Math.sqrt(xs.reduce((a, x) => a + (x - m) ** 2, 0) / Math.max(1, xs.length - 1));
}

/** A fraction in percentage points, 2 decimals: 0.1234 → "12.34". */
export const pt = (v: number): string => (100 * v).toFixed(2);

/** Seed mean ± seed std in percentage points. */
export const ms = (xs: readonly number[]): string => `${pt(mean(xs))}±${pt(std(xs))}`;

/** A fraction as a percentage: 0.1234 → "12.34%". */
export const pct = (v: number): string => `${pt(v)}%`;

/** Per-seed percentages joined by "/". */
export const pcts = (v: readonly number[]): string => v.map(pct).join('/');

/** Per-seed numbers joined by "/". */
export const fixed = (v: readonly number[], digits: number): string => v.map((x) => x.toFixed(digits)).join('/');

/** "ok" or "NO", the checks' word for a part of a rule met or not. */
export const ok = (b: boolean): string => (b ? 'ok' : 'NO');
