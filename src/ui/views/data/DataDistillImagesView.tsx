// DataDAM's synthetic images as they evolve: per images-per-class, one panel per class of the
// distilled images at the snapshot the scrubber has reached, beside the real images they started
// from. Greyscale sets use the shared heatmap panels (legend, export); colour sets are painted RGB.
import { useEffect, useMemo, useRef } from 'react';
import type { Snapshot } from '../../../lab/experiment.ts';
import type { RunRecord } from '../../history/types.ts';
import { HeatmapPanels } from '../../charts/Heatmap.tsx';
import type { ColorScaleSpec } from '../../charts/color-scale.ts';
import { ChartExport } from '../ChartExport.tsx';
import { paintTiles } from '../ImageGridView.tsx';
import { classMosaics, distilledIpcs, meanAbsChange } from './distill-data.ts';

const PIXELS: ColorScaleSpec = { scheme: 'greys', domain: [0, 1], label: 'pixel intensity', units: '0–1' };

function Images({ s, perClass, title, file }: { s: Snapshot; perClass: number; title: string; file: string }) {
  const panels = useMemo(() => classMosaics(s, perClass), [s, perClass]);
  const ref = useRef<HTMLCanvasElement>(null);
  const rgb = s.shape[3] === 3;
  useEffect(() => {
    if (rgb && ref.current) paintTiles(ref.current, s);
  }, [s, rgb]);
  if (!rgb)
    return (
      <HeatmapPanels
        title={title}
        file={file}
        scale={PIXELS}
        panels={panels}
        cellSize={perClass > 1 ? 1 : 2}
        minPanel={perClass > 1 ? 72 : 56}
      />
    );
  return (
    <figure className="chart">
      <figcaption className="chart-head">
        <span className="chart-title">{title}</span>
        <ChartExport canvas={ref} file={file} />
      </figcaption>
      <canvas ref={ref} className="pixels" role="img" aria-label={`${title}: ${s.shape[0]} images, class by class`} />
    </figure>
  );
}

function ForIpc({ run, ipc }: { run: RunRecord; ipc: number }) {
  const synthetic = run.snapshots[`synthetic/${ipc}`];
  const real = run.snapshots[`real/${ipc}`];
  const change = synthetic && real ? meanAbsChange(synthetic, real) : NaN;
  return (
    <div
      data-testid={`distill-images-${ipc}`}
      data-ipc={ipc}
      data-step={synthetic?.step}
      data-change={Number.isFinite(change) ? change : undefined}
    >
      <Images
        s={synthetic}
        perClass={ipc}
        title={`Distilled images, ${ipc} per class, after ${synthetic.step} iterations`}
        file={`datadam-distilled-${ipc}`}
      />
      {real && (
        <Images
          s={real}
          perClass={ipc}
          title={`The real images they started from (the control set)`}
          file={`datadam-real-${ipc}`}
        />
      )}
      <p className="chart-caption small muted">
        Mean pixel change from the start: {Number.isFinite(change) ? change.toFixed(3) : '–'} (pixel range 0–1). The
        step scrubber replays the images as they were learned.
      </p>
    </div>
  );
}

export function DataDistillImagesView({ run }: { run: RunRecord | null }) {
  const ipcs = distilledIpcs(run);
  return (
    <div data-testid="view-data-distill-images">
      {!run || ipcs.length === 0 ? (
        <figure className="chart">
          <figcaption className="chart-head">
            <span className="chart-title">Distilled images</span>
          </figcaption>
          <div className="empty">The synthetic images appear, class by class, as soon as distillation starts.</div>
        </figure>
      ) : (
        ipcs.map((ipc) => <ForIpc key={ipc} run={run} ipc={ipc} />)
      )}
    </div>
  );
}
