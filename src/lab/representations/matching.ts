/**
 * Unit matching between two networks' layers from their unit–unit correlation matrix r [p, q]
 * (rows: units of net A, columns: units of net B), as Li et al. (2015) align convergent nets.
 *
 * These run on the CPU on purpose: an assignment over a few hundred units is combinatorial
 * (augmenting paths with data-dependent branching, O(n³) ≈ 10⁷ simple steps at n = 256), not
 * dense numerics, and gains nothing from a GPU. The correlations themselves come from the GPU.
 */

export interface Matching {
  /** For each unit i of net A, its partner in net B (−1: unmatched, when p > q). */
  partner: Int32Array;
  /** r[i, partner[i]] per unit of A (NaN where unmatched). */
  r: Float64Array;
}

/**
 * One-to-one matching maximising the total correlation Σ r[i, π(i)] (bipartite matching, the
 * paper's "max bipartite matching"): the Hungarian algorithm with potentials (Kuhn–Munkres in the
 * O(n²m) shortest-augmenting-path form of Jonker & Volgenant), on the cost −r.
 */
export function hungarianMatch(r: ArrayLike<number>, p: number, q: number): Matching {
  if (r.length !== p * q) throw new Error(`hungarianMatch: ${r.length} correlations for a ${p}×${q} matrix`);
  // The algorithm assigns every row of an n×m cost with n ≤ m; a taller matrix is matched transposed.
  const tall = p > q;
  const [n, m] = tall ? [q, p] : [p, q];
  const cost = (i: number, j: number): number => -(tall ? r[j * q + i] : r[i * q + j]);
  // 1-based, with row/column 0 as the virtual start of each augmenting path.
  const u = new Float64Array(n + 1);
  const v = new Float64Array(m + 1);
  const rowOf = new Int32Array(m + 1);
  const way = new Int32Array(m + 1);
  const minv = new Float64Array(m + 1);
  const used = new Uint8Array(m + 1);
  for (let i = 1; i <= n; i++) {
    rowOf[0] = i;
    let j0 = 0;
    minv.fill(Infinity);
    used.fill(0);
    do {
      used[j0] = 1;
      const i0 = rowOf[j0];
      let delta = Infinity;
      let j1 = 0;
      for (let j = 1; j <= m; j++) {
        if (used[j]) continue;
        const cur = cost(i0 - 1, j - 1) - u[i0] - v[j];
        if (cur < minv[j]) {
          minv[j] = cur;
          way[j] = j0;
        }
        if (minv[j] < delta) {
          delta = minv[j];
          j1 = j;
        }
      }
      for (let j = 0; j <= m; j++) {
        if (used[j]) {
          u[rowOf[j]] += delta;
          v[j] -= delta;
        } else minv[j] -= delta;
      }
      j0 = j1;
    } while (rowOf[j0] !== 0);
    do {
      const j1 = way[j0];
      rowOf[j0] = rowOf[j1];
      j0 = j1;
    } while (j0);
  }
  const partner = new Int32Array(p).fill(-1);
  for (let j = 1; j <= m; j++) {
    if (!rowOf[j]) continue;
    if (tall) partner[j - 1] = rowOf[j] - 1;
    else partner[rowOf[j] - 1] = j - 1;
  }
  return { partner, r: matchedValues(r, q, partner) };
}

/**
 * Semi-matching: every unit of A takes its most correlated unit of B, whether or not another unit
 * took it too (the paper's upper bound on what one-to-one matching could reach).
 */
export function semiMatch(r: ArrayLike<number>, p: number, q: number): Matching {
  if (r.length !== p * q) throw new Error(`semiMatch: ${r.length} correlations for a ${p}×${q} matrix`);
  const partner = new Int32Array(p);
  for (let i = 0; i < p; i++) {
    let best = 0;
    for (let j = 1; j < q; j++) if (r[i * q + j] > r[i * q + best]) best = j;
    partner[i] = best;
  }
  return { partner, r: matchedValues(r, q, partner) };
}

function matchedValues(r: ArrayLike<number>, q: number, partner: Int32Array): Float64Array {
  return Float64Array.from(partner, (j, i) => (j < 0 ? NaN : r[i * q + j]));
}

/**
 * r [p, q] with B's columns reordered so that column i holds A-unit i's partner, and the rows
 * (with their partners) sorted by matched r, best first: the matched pairs line up on the
 * diagonal. Rows without a partner go last, their columns the unmatched units of B.
 */
export function alignedByMatching(r: ArrayLike<number>, p: number, q: number, m: Matching): Float32Array {
  const rows = Array.from({ length: p }, (_, i) => i).sort(
    (a, b) => (Number.isNaN(m.r[b]) ? -Infinity : m.r[b]) - (Number.isNaN(m.r[a]) ? -Infinity : m.r[a]) || a - b,
  );
  const taken = new Set<number>();
  const cols: number[] = [];
  for (const i of rows) {
    const j = m.partner[i];
    if (j >= 0 && !taken.has(j)) {
      taken.add(j);
      cols.push(j);
    }
  }
  for (let j = 0; j < q; j++) if (!taken.has(j)) cols.push(j);
  const out = new Float32Array(p * q);
  rows.forEach((i, a) => cols.forEach((j, b) => (out[a * q + b] = r[i * q + j])));
  return out;
}
