/**
 * The many-to-many metrics of a convergent-learning run read back per layer (shared by its check
 * and its view): a metric's step is the layer's depth; per pair (the trained nets, and the same
 * with one net's probe rows shuffled, the control) the mean between-net |r| of unit pairs in the
 * same cluster and in different clusters, and the share of clusters holding units of both nets.
 */
import { metricAt, type Metrics } from './sparse-path.ts';

export interface ClusterStats {
  within: number;
  across: number;
  mixed: number;
}

export interface ClusterLayer {
  /** Depth, 1 = first hidden layer. */
  step: number;
  trained: ClusterStats;
  /** NaN until the shuffled pass reached the layer. */
  shuffled: ClusterStats;
}

/** Every layer the trained pair was clustered in, in the order recorded; [] before. */
export function clusterLayers(metrics: Metrics): ClusterLayer[] {
  const at = (name: string, step: number) => metricAt(metrics, name, step);
  const stats = (pair: string, step: number): ClusterStats => ({
    within: at(`clusters/within ${pair}`, step),
    across: at(`clusters/across ${pair}`, step),
    mixed: at(`clusters/mixed ${pair}`, step),
  });
  return (metrics['clusters/mixed trained']?.steps ?? []).map((step) => ({
    step,
    trained: stats('trained', step),
    shuffled: stats('shuffled', step),
  }));
}
