/**
 * Workgroup counts for `n` threads in groups of `wg`, spilling into y past the per-dimension
 * limit. Kernels recover the linear index as `gid.x + gid.y * nwg.x * WG` (nwg = num_workgroups).
 */
export function grid(n: number, wg: number, maxPerDim = 65535): [number, number] {
  const groups = Math.ceil(n / wg);
  if (groups <= maxPerDim) return [groups, 1];
  const y = Math.ceil(groups / maxPerDim);
  return [Math.ceil(groups / y), y];
}
