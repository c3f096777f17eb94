// The many-to-many panel of the convergent-learning view: per hidden layer, the units of both nets
// clustered together (spectral clustering on |correlation|); the mean between-net |r| of unit pairs
// in the same cluster against pairs in different clusters, and the share of clusters that hold
// units of both nets, for the trained pair and for the shuffled-probe control. The paper's point:
// groups of units from both nets span similar subspaces; with the shuffled probe the gap closes.
import type { RunRecord } from '../../history/types.ts';
import { clusterLayers, type ClusterLayer, type ClusterStats } from '../../../lab/representations/cluster-layers.ts';
import { seriesColor } from '../../charts/series-colors.ts';
import { LineChart, type Line } from '../LineChart.tsx';

/** The two pairs, coloured as in the per-layer chart above. */
const PAIRS = [
  { key: 'trained', label: 'trained pair' },
  { key: 'shuffled', label: 'shuffled probe (control)' },
] as const;

function line(
  layers: ClusterLayer[],
  pair: 'trained' | 'shuffled',
  label: string,
  f: (s: ClusterStats) => number,
  dashed = false,
): Line {
  const shown = layers.filter((l) => Number.isFinite(f(l[pair])));
  return {
    key: `${pair}-${label}`,
    label,
    color: seriesColor(pair),
    steps: shown.map((l) => l.step),
    values: shown.map((l) => f(l[pair])),
    dashed,
  };
}

export function ManyToManyPanel({ run }: { run: RunRecord | null }) {
  const layers = clusterLayers(run?.metrics ?? {});
  const correlation = PAIRS.flatMap((p) => [
    line(layers, p.key, `${p.label}: same cluster`, (s) => s.within),
    line(layers, p.key, `${p.label}: different clusters`, (s) => s.across, true),
  ]);
  const mixed = PAIRS.map((p) => line(layers, p.key, p.label, (s) => s.mixed));
  return (
    <div data-testid="convergent-many" data-many={JSON.stringify(layers)}>
      <div className="view-row">
        <div style={{ minWidth: 0 }}>
          <LineChart
            title="Many-to-many: A–B correlation by cluster"
            yLabel="mean |r| between A–B unit pairs"
            xLabel="hidden layer (1 = first)"
            file="convergent-many-to-many"
            smoothing={false}
            lines={correlation}
            empty="The clusters appear after both nets are trained and compared."
          />
        </div>
        <div style={{ minWidth: 0 }}>
          <LineChart
            title="Clusters holding units of both nets"
            yLabel="share of clusters"
            xLabel="hidden layer (1 = first)"
            file="convergent-mixed-clusters"
            smoothing={false}
            yFormat={(v) => `${Math.round(100 * v)}%`}
            lines={mixed}
            empty="The clusters appear after both nets are trained and compared."
          />
        </div>
      </div>
      <p className="muted small">
        Per layer, the units of nets A and B are clustered together by spectral clustering on |correlation| (within and
        across the nets). Solid: A–B unit pairs in the same cluster; dashed: in different clusters. With one net’s probe
        rows shuffled, A–B correlations are chance’s and the two fall together.
      </p>
    </div>
  );
}
