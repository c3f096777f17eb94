// Reading the attention snapshots of src/lab/experiments/attention/ (sort-attention, vit-attention):
// `attention/L<l>` is [n, H, T, T] (one row per query, summing to 1 over the keys), the rollout
// [n, T, T]. Plain array code shared by the attention views.
import type { Snapshot } from '../../../lab/experiment.ts';
import type { RunRecord } from '../../history/types.ts';
import type { ColorScaleSpec } from '../../charts/color-scale.ts';

/** Every attention map is a probability over keys, so one fixed 0–1 scale serves all heads and runs. */
export const ATTENTION_SCALE: ColorScaleSpec = {
  scheme: 'viridis',
  domain: [0, 1],
  label: 'attention weight',
  units: 'probability',
};

/** One map [T, T] out of a snapshot [n, H, T, T] (or [n, T, T] with head = 0). */
export function mapOf(s: Snapshot, e: number, h: number): Float32Array {
  const T = s.shape[s.shape.length - 1];
  const heads = s.shape.length === 4 ? s.shape[1] : 1;
  const base = (e * heads + h) * T * T;
  return (s.data as Float32Array).subarray(base, base + T * T);
}

/** The per-layer attention snapshots of a run, layer 0 first. */
export function layersOf(run: RunRecord | null): Snapshot[] {
  return Object.values(run?.snapshots ?? {})
    .filter((s) => s.kind === 'heatmap' && /^attention\/L\d+$/.test(s.name))
    .sort((a, b) => a.name.localeCompare(b.name, 'en', { numeric: true }));
}

export function meanOverHeads(s: Snapshot, e: number): Float32Array {
  const heads = s.shape[1];
  const T = s.shape[2];
  const out = new Float32Array(T * T);
  for (let h = 0; h < heads; h++) mapOf(s, e, h).forEach((v, i) => (out[i] += v / heads));
  return out;
}

/**
 * The attention each key receives: from one query (its row) or, without one, the mean over the
 * queries (the ViT pools the mean of its tokens, so that is what reaches the output).
 */
export function keyWeights(map: Float32Array, T: number, query: number | null): Float32Array {
  if (query !== null) return map.slice(query * T, (query + 1) * T);
  const out = new Float32Array(T);
  for (let q = 0; q < T; q++) for (let k = 0; k < T; k++) out[k] += map[q * T + k] / T;
  return out;
}

/** The last value of a metric recorded at or before `step` (the run may already be cut by the scrubber). */
export function metricAt(run: RunRecord | null, name: string, step: number): number | undefined {
  const s = run?.metrics[name];
  if (!s) return undefined;
  let v: number | undefined;
  s.steps.forEach((t, i) => {
    if (t <= step) v = s.values[i];
  });
  return v;
}
