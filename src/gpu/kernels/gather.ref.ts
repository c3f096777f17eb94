/** Plain references for gather.ts. */
export function gatherImagesRef(
  bytes: Uint8Array,
  order: Uint32Array,
  mean: readonly number[],
  std: readonly number[],
  o: { batch: number; dim: number; offset: number },
): Float32Array {
  const c = mean.length;
  const out = new Float32Array(o.batch * o.dim);
  for (let b = 0; b < o.batch; b++) {
    const base = order[o.offset + b] * o.dim;
    for (let j = 0; j < o.dim; j++) out[b * o.dim + j] = (bytes[base + j] / 255 - mean[j % c]) / std[j % c];
  }
  return out;
}

export function gatherLabelsRef(
  labels: Uint8Array,
  order: Uint32Array,
  o: { batch: number; offset: number },
): Uint32Array {
  return Uint32Array.from({ length: o.batch }, (_, b) => labels[order[o.offset + b]]);
}
