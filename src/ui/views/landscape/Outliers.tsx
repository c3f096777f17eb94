// Opposing-signal groups: at each loss spike, the examples whose loss rose most and fell most
// (images) with the two groups' mean-loss traces around it; and the student/teacher probe curves.
import { useEffect, useRef } from 'react';
import type { Snapshot } from '../../../lab/experiment.ts';
import type { RunRecord } from '../../history/types.ts';
import { paintTiles } from '../ImageGridView.tsx';
import { LineChart } from '../LineChart.tsx';
import { seriesColor } from '../../charts/series-colors.ts';

function Tiles({ s, indices, label }: { s: Snapshot; indices: number[]; label: string }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (ref.current) paintTiles(ref.current, s, indices);
  }, [s, indices]);
  const names = indices.map((i) => s.labels?.[s.truth?.[i] ?? -1] ?? '?').join(', ');
  return (
    <figure className="thumb">
      <canvas
        ref={ref}
        className="pixels"
        role="img"
        aria-label={`${label}: ${names}`}
        style={{ width: 112, imageRendering: 'pixelated' }}
      />
      <figcaption className="small">{label}</figcaption>
    </figure>
  );
}

function Spikes({ run, opt, name }: { run: RunRecord; opt: string; name: string }) {
  const images = run.snapshots[`outliers/${opt}/images`];
  const traces = run.snapshots[`outliers/${opt}/traces`];
  if (!images || !traces) return null;
  const spikes = traces.shape[0] / 2;
  const span = traces.shape[1];
  const k = images.shape[0] / Math.max(1, 2 * spikes);
  const data = Array.from(traces.data as Float32Array);
  return (
    <div className="view-row" data-testid={`outliers-${opt}`}>
      {spikes === 0 && <p className="empty">{name}: no loss spike was found.</p>}
      {Array.from({ length: spikes }, (_, i) => {
        const from = Number(traces.labels?.[spikes + i]?.slice(5) ?? 0);
        const steps = Array.from({ length: span }, (_, j) => from + j);
        const group = (g: number) => Array.from({ length: k }, (_, j) => (2 * i + g) * k + j);
        const caption = traces.labels?.[i] ?? '';
        return [
          <figure className="chart" key={`g${i}`} data-testid="outlier-spike">
            <figcaption className="chart-head">
              <span className="chart-title">
                {name}: {caption.split(':')[0]}
              </span>
            </figcaption>
            <p className="muted small">{caption.split(': ').slice(1).join(': ')}</p>
            <div style={{ display: 'flex', gap: 12, justifyContent: 'center' }}>
              <Tiles s={images} indices={group(0)} label="loss rose most" />
              <Tiles s={images} indices={group(1)} label="loss fell most" />
            </div>
          </figure>,
          <LineChart
            key={`t${i}`}
            title={`${name}: group losses around step ${from + (span - 1) / 2}`}
            yLabel="group mean loss (nats)"
            xLabel="full-batch step"
            logToggle
            file={`outliers-${opt}-${i + 1}`}
            lines={[
              {
                key: 'rising',
                label: 'rose most',
                color: seriesColor('rose'),
                steps,
                values: data.slice(2 * i * span, (2 * i + 1) * span),
              },
              {
                key: 'falling',
                label: 'fell most',
                color: seriesColor('fell'),
                steps,
                values: data.slice((2 * i + 1) * span, (2 * i + 2) * span),
              },
            ]}
            empty=""
          />,
        ];
      })}
    </div>
  );
}

export function OutliersView({ run }: { run: RunRecord | null }) {
  const m = run?.metrics ?? {};
  const series = (key: string, label: string, c: string) =>
    m[key] ? [{ key, label, color: c, steps: m[key].steps, values: m[key].values }] : [];
  return (
    <div className="view-row" data-testid="view-landscape-outliers">
      <LineChart
        title="Full-batch loss: GD vs Adam"
        yLabel="cross-entropy (nats)"
        xLabel="full-batch step"
        logToggle
        defaultLog
        file="outliers-loss"
        lines={[...series('train/loss', 'GD', seriesColor('gd')), ...series('adam/loss', 'Adam', seriesColor('adam'))]}
        empty="The mean loss of every training run appears here, one point per step, a window at a time."
      />
      {run && <Spikes run={run} opt="gd" name="GD" />}
      {run && <Spikes run={run} opt="adam" name="Adam" />}
      {!run?.snapshots['outliers/gd/traces'] && (
        <p className="empty">After training, the examples whose losses move in opposition at each spike appear here.</p>
      )}
    </div>
  );
}

export function TeacherView({ run }: { run: RunRecord | null }) {
  const m = run?.metrics ?? {};
  const series = (key: string, label: string, c: string, dashed = false) =>
    m[key] ? [{ key, label, color: c, steps: m[key].steps, values: m[key].values, dashed }] : [];
  return (
    <div className="view-row" data-testid="view-landscape-teacher">
      <LineChart
        title="Linear-probe test accuracy"
        yLabel="accuracy (fraction correct)"
        yFormat={(v) => `${(100 * v).toFixed(1)}%`}
        xLabel="distillation step"
        file="probe-accuracy"
        lines={[
          ...series('probe/student', 'student', seriesColor('student')),
          ...series('probe/teacher', 'random teacher', seriesColor('random teacher'), true),
        ]}
        empty="Ridge-probe accuracies of the student's and the frozen teacher's features appear here."
      />
      <LineChart
        title="Distillation loss"
        yLabel="MSE to the teacher's outputs"
        xLabel="distillation step"
        logToggle
        defaultLog
        file="distill-loss"
        lines={series('distill/loss', 'student', seriesColor('student'))}
        empty="The student's MSE to the teacher's outputs appears here."
      />
    </div>
  );
}
