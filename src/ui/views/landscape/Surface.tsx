// The 2-D slice of a landscape run: filled loss contours on a log colour scale (the shared Heatmap,
// drawn as contour bands) with the training trajectory on top, and a wireframe 3-D rendering of the
// same surface in the same colours.
import { useState } from 'react';
import type { Snapshot } from '../../../lab/experiment.ts';
import type { RunRecord } from '../../history/types.ts';
import { Heatmap } from '../../charts/Heatmap.tsx';
import { type ColorScaleSpec, extentOf, levelsOf } from '../../charts/color-scale.ts';
import { planeAxes } from './plane-axes.ts';
import { TrajectoryOverlay } from './TrajectoryOverlay.tsx';
import { Wireframe } from './Wireframe.tsx';

export type Quantity = 'loss' | 'accuracy';

export interface Plane {
  res: number;
  alphas: number[];
  betas: number[];
  /** Row-major [β index][α index]. */
  values: Float32Array;
  trajectory: Array<[number, number]>;
  /** The checkpoints a plane through three of them passes through, with their names. */
  points: Array<{ at: [number, number]; label: string }>;
}

export function planeOf(snaps: Record<string, Snapshot>, which: Quantity): Plane | null {
  const grid = snaps[`plane/${which}`];
  const axes = snaps['plane/axes'];
  if (!grid || !axes) return null;
  const res = grid.shape[1];
  const a = Array.from(axes.data as Float32Array);
  const t = snaps['plane/trajectory'];
  const trajectory: Array<[number, number]> = [];
  if (t) for (let i = 0; i < t.shape[0]; i++) trajectory.push([t.data[2 * i], t.data[2 * i + 1]]);
  const p = snaps['plane/points'];
  const points = p
    ? Array.from({ length: p.shape[0] }, (_, i) => ({
        at: [p.data[2 * i], p.data[2 * i + 1]] as [number, number],
        label: p.labels?.[i] ?? `point ${i + 1}`,
      }))
    : [];
  return { res, alphas: a.slice(0, res), betas: a.slice(res), values: grid.data as Float32Array, trajectory, points };
}

/** Twelve bands: enough to read the basin's shape, few enough to tell the colours apart. */
const BANDS = 12;

/** Loss on a log scale (it spans decades between the basin and the rim), accuracy linear; both dark in the basin. */
export function surfaceScale(plane: Plane, which: Quantity): ColorScaleSpec {
  const log = which === 'loss';
  const domain = extentOf(plane.values, log);
  return which === 'loss'
    ? {
        scheme: 'viridis',
        domain,
        log,
        levels: levelsOf(domain, BANDS, log),
        label: 'cross-entropy loss',
        units: 'nats',
      }
    : {
        scheme: 'magma',
        domain,
        reverse: true,
        levels: levelsOf(domain, BANDS),
        label: 'accuracy',
        units: 'fraction of landscape examples',
      };
}

/** Loss at initialization (α = 0) and at the trained weights (α = 1) on the 1-D line, for the view's data attributes. */
function lineEnds(s: Snapshot | undefined): { init?: number; trained?: number } {
  if (!s) return {};
  const n = s.shape[1];
  const at = (a: number) => {
    for (let i = 0; i < n; i++) if (Math.abs(s.data[i] - a) < 1e-6) return s.data[n + i];
    return undefined;
  };
  return { init: at(0), trained: at(1) };
}

export function SurfaceView({ run }: { run: RunRecord | null }) {
  const [which, setWhich] = useState<Quantity>('loss');
  // Not memoized: a live run's snapshot record is updated in place.
  const snapshots = run?.snapshots ?? {};
  const plane = planeOf(snapshots, which);
  const params = run?.spec.params ?? {};
  const ends = lineEnds(snapshots['line/init-trained']);
  return (
    <div
      data-testid="view-landscape-surface"
      data-init-loss={ends.init}
      data-trained-loss={ends.trained}
      className="landscape-surface"
    >
      {plane ? (
        <Figures plane={plane} which={which} setWhich={setWhich} directions={String(params.directions ?? 'pca')} />
      ) : (
        <div className="empty">
          The loss over a plane through the trained weights, with the training trajectory on it, appears here once
          training ends{params.steps ? ` (${Number(params.steps)} steps)` : ''} and the plane is evaluated
          {params.resolution ? ` on a ${Number(params.resolution)}×${Number(params.resolution)} grid` : ''}.
        </div>
      )}
    </div>
  );
}

function Figures({
  plane,
  which,
  setWhich,
  directions,
}: {
  plane: Plane;
  which: Quantity;
  setWhich: (q: Quantity) => void;
  directions: string;
}) {
  const scale = surfaceScale(plane, which);
  const axes = planeAxes(directions);
  const { res, alphas, betas } = plane;
  return (
    <>
      <div className="chart-controls">
        <label>
          Show{' '}
          <select value={which} onChange={(e) => setWhich(e.target.value as Quantity)} aria-label="Surface quantity">
            <option value="loss">loss</option>
            <option value="accuracy">accuracy</option>
          </select>
        </label>
      </div>
      <div className="view-row landscape-figures">
        <Heatmap
          title={`${which === 'loss' ? 'Loss' : 'Accuracy'} on the plane through the trained weights`}
          file={`landscape-plane-${which}`}
          testId="landscape-contour"
          rows={res}
          cols={res}
          data={plane.values}
          scale={scale}
          contours
          x={{ label: axes.alpha, domain: [alphas[0], alphas[res - 1]] }}
          y={{ label: axes.beta, domain: [betas[0], betas[res - 1]] }}
          maxSize={460}
          overlay={(s) => <TrajectoryOverlay plane={plane} which={which} sx={s.x} sy={s.y} />}
          caption={
            <>
              {axes.caption} {res}×{res} grid, coloured in {BANDS} bands. White line: the training trajectory projected
              on the plane, from initialization (open circle) to the trained weights (red, at the origin); yellow ring:
              the grid’s {which === 'loss' ? 'lowest loss' : 'highest accuracy'}.
              {plane.points.length > 0 && ' Blue squares: the three checkpoints the plane passes through.'}
            </>
          }
        />
        <Wireframe plane={plane} scale={scale} which={which} />
      </div>
    </>
  );
}
