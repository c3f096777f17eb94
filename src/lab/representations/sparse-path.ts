/**
 * The sparse-prediction metrics of a convergent-learning run read back per layer (shared by its
 * check and its view): a metric's step is the layer's depth, its name carries the L1 penalty λ.
 * Per λ, the lasso map's held-out error and nonzero weights per unit of B, and the shuffled-rows
 * control's error at the same λ; per layer, the one-to-one matching's error as a one-weight map.
 */

export type Metrics = Readonly<Record<string, { steps: readonly number[]; values: readonly number[] }>>;

export interface SparsePathPoint {
  lambda: number;
  error: number;
  nonzeros: number;
  shuffled: number;
}

export interface SparsePathLayer {
  /** Depth, 1 = first hidden layer. */
  step: number;
  /** Largest λ first: from the sparsest map to the densest. */
  points: SparsePathPoint[];
  oneToOne: number;
}

/** The value a metric recorded at a step (a layer's depth); NaN if it has none there (yet). */
export function metricAt(metrics: Metrics, name: string, step: number): number {
  const s = metrics[name];
  const i = s ? s.steps.indexOf(step) : -1;
  return i >= 0 ? s!.values[i] : NaN;
}

const PREFIX = 'sparse/error λ=';

/** Every layer with a one-to-one error, in the order recorded; [] before the sparse pass. */
export function sparsePathLayers(metrics: Metrics): SparsePathLayer[] {
  const lambdas = Object.keys(metrics)
    .filter((k) => k.startsWith(PREFIX))
    .map((k) => Number(k.slice(PREFIX.length)))
    .sort((a, b) => b - a);
  const oneToOne = metrics['one-to-one/error'];
  if (!oneToOne || !lambdas.length) return [];
  const at = (name: string, step: number) => metricAt(metrics, name, step);
  return oneToOne.steps.map((step, i) => ({
    step,
    oneToOne: oneToOne.values[i],
    points: lambdas.map((lambda) => ({
      lambda,
      error: at(`sparse/error λ=${lambda}`, step),
      nonzeros: at(`sparse/nonzeros λ=${lambda}`, step),
      shuffled: at(`sparse/shuffled λ=${lambda}`, step),
    })),
  }));
}
