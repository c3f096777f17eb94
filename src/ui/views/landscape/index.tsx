// The landscape family's views, by the names its experiments list.
import type { RunRecord } from '../../history/types.ts';
import { SurfaceView } from './Surface.tsx';
import { BarrierMatrix, IntrinsicView, LineView } from './Curves.tsx';
import { LineChart } from '../LineChart.tsx';
import { OutliersView, TeacherView } from './Outliers.tsx';
import { seriesColor } from '../../charts/series-colors.ts';
import type { ViewComponent } from '../view.ts';

const lines = (run: RunRecord | null) =>
  run
    ? Object.values(run.snapshots)
        .filter((s) => s.name.startsWith('line/'))
        .sort((a, b) => a.step - b.step)
    : [];

export const LANDSCAPE_VIEWS = {
  'landscape-surface': SurfaceView,
  'landscape-line': ({ run }) => <LineView snapshots={lines(run)} />,
  'landscape-barriers': ({ run }) => <BarrierMatrix snapshot={run?.snapshots.barriers ?? null} />,
  'landscape-sharpness': ({ run }) => {
    const m = run?.metrics ?? {};
    const series = (key: string, label: string, c: string, dashed = false) =>
      m[key] ? [{ key, label, color: c, steps: m[key].steps, values: m[key].values, dashed }] : [];
    return (
      <div
        className="view-row"
        data-testid="view-landscape-sharpness"
        // The measured sharpness, every value: short (one per measurement), and what the claim is about.
        data-sharpness={m.sharpness ? JSON.stringify(m.sharpness.values) : undefined}
      >
        <LineChart
          title="Sharpness vs 2/η"
          yLabel="top Hessian eigenvalue λ₁"
          xLabel="full-batch GD step"
          logToggle
          file="sharpness"
          lines={[
            ...series('sharpness', 'sharpness λ₁', seriesColor('sharpness')),
            ...series('threshold', '2/η', seriesColor('2/η'), true),
          ]}
          empty="The top Hessian eigenvalue appears here at every measurement, with the stability threshold 2/η."
        />
        <LineChart
          title="Full-batch loss"
          yLabel={run?.spec.params.loss === 'mse' ? 'mean squared error' : 'cross-entropy (nats)'}
          xLabel="full-batch GD step"
          logToggle
          defaultLog
          file="gd-loss"
          lines={series('train/loss', 'train', seriesColor('train'))}
          empty="The full-batch loss appears here every step."
        />
      </div>
    );
  },
  'landscape-intrinsic': ({ run }) => <IntrinsicView snapshot={run?.snapshots['intrinsic-dim'] ?? null} />,
  'landscape-outliers': ({ run }) => <OutliersView run={run} />,
  'landscape-teacher': ({ run }) => <TeacherView run={run} />,
} satisfies Record<string, ViewComponent>;
