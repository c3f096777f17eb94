/**
 * Gauss–Hermite quadrature: nodes x_k and weights w_k with Σ w_k f(x_k) ≈ ∫ f(x) e^{−x²} dx,
 * exact for polynomials of degree < 2q. Nodes are the roots of the Hermite polynomial H_q, found
 * by Newton's method from the asymptotic guesses of Numerical Recipes' gauher (float64, once per q).
 */
export function gaussHermite(q: number): { nodes: Float64Array; weights: Float64Array } {
  if (!Number.isInteger(q) || q < 1 || q > 200)
    throw new Error(`gaussHermite: q = ${q} must be an integer in [1, 200]`);
  const nodes = new Float64Array(q);
  const weights = new Float64Array(q);
  const pim4 = Math.PI ** -0.25;
  const half = Math.floor((q + 1) / 2);
  let z = 0;
  for (let i = 0; i < half; i++) {
    if (i === 0) z = Math.sqrt(2 * q + 1) - 1.85575 * (2 * q + 1) ** -0.16667;
    else if (i === 1) z -= (1.14 * q ** 0.426) / z;
    else if (i === 2) z = 1.86 * z - 0.86 * nodes[0];
    else if (i === 3) z = 1.91 * z - 0.91 * nodes[1];
    else z = 2 * z - nodes[i - 2];
    let pp = 0;
    for (let it = 0; it < 100; it++) {
      // Orthonormal Hermite recurrence: p_j = z·√(2/j)·p_{j−1} − √((j−1)/j)·p_{j−2}.
      let p1 = pim4;
      let p2 = 0;
      for (let j = 1; j <= q; j++) {
        const p3 = p2;
        p2 = p1;
        p1 = z * Math.sqrt(2 / j) * p2 - Math.sqrt((j - 1) / j) * p3;
      }
      pp = Math.sqrt(2 * q) * p2;
      const z1 = z;
      z = z1 - p1 / pp;
      if (Math.abs(z - z1) <= 1e-15) break;
    }
    nodes[i] = z;
    nodes[q - 1 - i] = -z;
    weights[i] = weights[q - 1 - i] = 2 / (pp * pp);
  }
  // Ascending order, so the arrays read naturally.
  nodes.reverse();
  weights.reverse();
  return { nodes, weights };
}
