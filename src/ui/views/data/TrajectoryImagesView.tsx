// The synthetic images of trajectory matching (src/lab/experiments/data/trajectory-matching.ts), one
// grid per expert kind, class by class. Each is the newest `synthetic <kind>` snapshot of the run as
// the scrubber cut it, so dragging the scrubber replays the images from the real ones they start as.
import type { RunRecord } from '../../history/types.ts';
import { HeatmapPanels, type Panel } from '../../charts/Heatmap.tsx';
import type { Snapshot } from '../../../lab/experiment.ts';
import { KIND_LABELS, KINDS } from './trajectory-kinds.ts';

const PIXELS = { scheme: 'greys', domain: [0, 1], label: 'pixel', units: '0 = black, 1 = white; clipped' } as const;

/** One panel per image, labelled with its class at the first image of each class. */
function panelsOf(s: Snapshot): Panel[] {
  const [n, h, w] = s.shape;
  return Array.from({ length: n }, (_, i) => {
    const truth = s.truth?.[i] ?? -1;
    const first = i === 0 || s.truth?.[i - 1] !== truth;
    return {
      label: first ? (s.labels?.[truth] ?? '') : '',
      rows: h,
      cols: w,
      data: s.data.subarray(i * h * w, (i + 1) * h * w),
    };
  });
}

/** The pixels' least, greatest and summed values (the sum lets a test tell two grids apart). */
function stats(data: Snapshot['data']): { lo: number; hi: number; total: number } {
  let [lo, hi, total] = [Infinity, -Infinity, 0];
  for (const v of data) [lo, hi, total] = [Math.min(lo, v), Math.max(hi, v), total + v];
  return { lo, hi, total };
}

export function TrajectoryImagesView({ run }: { run: RunRecord | null }) {
  const grids = KINDS.map((kind) => ({
    kind,
    s: run?.snapshots[`synthetic ${kind}`],
  }));
  return (
    <div className="view-row" data-testid="view-trajectory-images">
      {grids.map(({ kind, s }) => {
        const { lo, hi, total } = s ? stats(s.data) : { lo: NaN, hi: NaN, total: NaN };
        return (
          <div
            key={kind}
            style={{ minWidth: 0 }}
            data-testid={`synthetic-${kind}`}
            data-step={s?.step}
            data-pixel-sum={s ? total : undefined}
            data-pixel-range={s ? `${lo},${hi}` : undefined}
          >
            {s ? (
              <HeatmapPanels
                title={`Synthetic images, ${KIND_LABELS[kind]}: iteration ${s.step}`}
                file={`synthetic-${kind}`}
                scale={PIXELS}
                panels={panelsOf(s)}
                cellSize={1.5}
                minPanel={40}
                caption={`Pixels now span ${lo.toFixed(2)} … ${hi.toFixed(2)}; the scale clips them to [0, 1]. Iteration 0 shows the random real images the distillation starts from, which are also the control set.`}
              />
            ) : (
              <figure className="chart">
                <figcaption className="chart-head">
                  <span className="chart-title">Synthetic images, {KIND_LABELS[kind]}</span>
                </figcaption>
                <div className="empty">Shown once the experts have trained and the distillation starts.</div>
              </figure>
            )}
          </div>
        );
      })}
    </div>
  );
}
