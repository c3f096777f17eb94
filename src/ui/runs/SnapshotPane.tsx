// One snapshot (or a difference of two) drawn in the chart vocabulary at a given colour scale:
// image grids as small multiples, one panel per tile (colour tiles as their channel mean, so one
// scale applies), any other kind as one matrix.
import { useMemo } from 'react';
import type { Snapshot } from '../../lab/experiment.ts';
import { Heatmap, HeatmapPanels, type Panel } from '../charts/Heatmap.tsx';
import type { ColorScaleSpec } from '../charts/color-scale.ts';
import { matrixShape } from './snapshots.ts';

/** Tiles [n, h, w, c] of `data` (laid out as the snapshot) as panels, channels averaged. */
function tilePanels(s: Snapshot, data: ArrayLike<number>): Panel[] {
  const [n, h, w, c = 1] = s.shape;
  return Array.from({ length: n }, (_, t) => {
    const tile = new Float64Array(h * w);
    for (let i = 0; i < h * w; i++) {
      let sum = 0;
      for (let ch = 0; ch < c; ch++) sum += data[(t * h * w + i) * c + ch];
      tile[i] = sum / c;
    }
    return { label: String(t + 1), rows: h, cols: w, data: tile };
  });
}

export function SnapshotPane({
  title,
  s,
  values = s.data,
  scale,
  file,
  testId,
  data,
}: {
  title: string;
  /** The snapshot whose layout (kind and shape) `values` have. */
  s: Snapshot;
  values?: ArrayLike<number>;
  scale: ColorScaleSpec;
  file: string;
  testId: string;
  /** data-* attributes with the numbers drawn, for checks. */
  data: Record<string, string | number>;
}) {
  const panels = useMemo(() => (s.kind === 'image-grid' ? tilePanels(s, values) : null), [s, values]);
  const [rows, cols] = matrixShape(s);
  const attrs = Object.fromEntries(Object.entries(data).map(([k, v]) => [`data-${k}`, v]));
  return (
    <div className="snapshot-pane" data-testid={testId} data-shape={s.shape.join('×')} {...attrs}>
      {panels ? (
        <HeatmapPanels
          title={title}
          file={file}
          scale={scale}
          panels={panels}
          cellSize={1}
          minPanel={24}
          caption={s.shape[3] === 3 ? 'Colour tiles are drawn as the mean of their three channels.' : undefined}
        />
      ) : (
        <Heatmap title={title} file={file} scale={scale} rows={rows} cols={cols} data={values} topDown maxSize={360} />
      )}
    </div>
  );
}
