/**
 * Readings of the kernels family's stored check lines back into per-seed measurements, for
 * stored.test.ts (the rules must judge the stored numbers as the checks did).
 */
import type { RfMeasure } from './kernels-ridge.ts';

const nums = (s: string): number[] =>
  s
    .trim()
    .split(/[\s,/]+/)
    .map(Number);

/**
 * rf-more-is-better prints seed means of the tuned risk, the largest mean log-change (mean ± SD),
 * each seed's train/test ratio at the largest F and each seed's control pair. Three seeds at the
 * printed means stand in, except the largest change's later cell, which takes the printed spread.
 */
export function rfMoreIsBetterSeeds(line: string): RfMeasure[] {
  const [, fs, curves] = /tuned test risk at F = ([\d, ]+): (.*?)\. Doublings/.exec(line)!;
  const features = nums(fs);
  const rows = [...curves.matchAll(/n=(\d+): ([\d. ]+)/g)];
  const sizes = rows.map((r) => Number(r[1]));
  const means = rows.map((r) => nums(r[2]));
  const w = /largest mean change (F|n) (\d+)→\d+ at (?:n|F)=(\d+) [^(]*\(ln (-?[\d.]+)±([\d.]+)\)/.exec(line)!;
  const [a, at, m, s] = w.slice(2).map(Number);
  // The doubling's earlier cell (i0, j0) and later cell (i1, j1) in the grid.
  const [i0, j0] = w[1] === 'F' ? [sizes.indexOf(at), features.indexOf(a)] : [sizes.indexOf(a), features.indexOf(at)];
  const [i1, j1] = w[1] === 'F' ? [i0, features.indexOf(2 * a)] : [sizes.indexOf(2 * a), j0];
  const ratios = sizes.map((n) =>
    nums(new RegExp(`n=${n} ([\\d./]+)(?:,| ok| NO)`).exec(line.split('Train/test')[1])![1]),
  );
  const [, before, after, times] = /ridgeless risk F \d+→\d+ at n=\d+: ([\d./]+) → ([\d./NaN]+), ×([\d./NaN]+)/.exec(
    line,
  )!;
  // The earlier risk from the later one and the printed factor: its own printed 2 digits are too
  // coarse to give the factor back.
  const ra = nums(after);
  const rb = nums(times).map((x, k) => (Number.isFinite(x) ? ra[k] / x : nums(before)[k]));
  const fLast = features.length - 1;
  const nMax = sizes.length - 1;
  const peakAt = features.indexOf(sizes[nMax]);
  return [-1, 0, 1].map((e, k) => {
    const tuned = means.map((r) => [...r]);
    tuned[i1][j1] = means[i0][j0] * Math.exp(m + s * e);
    const train = tuned.map((r, i) => r.map((v, j) => (j === fLast ? ratios[i][k] * v : NaN)));
    const ridgeless = sizes.map(() => features.map(() => NaN));
    ridgeless[nMax][peakAt - 1] = rb[k];
    ridgeless[nMax][peakAt] = ra[k];
    return { sizes, features, tuned, train, ridgeless };
  });
}
