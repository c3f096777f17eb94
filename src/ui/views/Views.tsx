// The views of a run, by the names an experiment lists in `views`. Each works with no data (an
// empty state saying what will appear) and with the first points only.
import type { Snapshot } from '../../lab/experiment.ts';
import type { ViewName } from '../../lab/views.ts';
import type { ViewComponent } from './view.ts';
import { ACTIVE, type RunRecord, type Series } from '../history/types.ts';
import { count, duration, units } from '../format.ts';
import { upcoming } from './upcoming.ts';
import { LineChart, type Line } from './LineChart.tsx';
import { ConfusionView } from './ConfusionView.tsx';
import { GalleryView } from './GalleryView.tsx';
import { ImageGridView } from './ImageGridView.tsx';
import { indexColor, seriesColor } from '../charts/series-colors.ts';
import { MasksView } from './pruning/MasksView.tsx';
import { FrlView } from './pruning/FrlView.tsx';
import { SearchView } from './pruning/SearchView.tsx';
import { LayerView } from './pruning/LayerView.tsx';
import { LANDSCAPE_VIEWS } from './landscape/index.tsx';
import { LAZY_RICH_VIEWS } from './lazy-rich/index.tsx';
import { ATTENTION_VIEWS } from './attention/index.tsx';
import { KERNELS_VIEWS } from './kernels/index.tsx';
import { DATA_VIEWS } from './data/index.tsx';
import { REPRESENTATIONS_VIEWS } from './representations/index.tsx';

const pct = (v: number) => `${(v * 100).toFixed(1)}%`;

/** A split's series (train or test), in that split's colour on every chart. */
function line(metrics: Record<string, Series>, key: string, split: 'train' | 'test'): Line[] {
  const s = metrics[key];
  return s
    ? [{ key, label: split, color: seriesColor(split), steps: s.steps, values: s.values, dashed: split === 'test' }]
    : [];
}

function prefixed(metrics: Record<string, Series>, prefix: string): Line[] {
  return Object.keys(metrics)
    .filter((k) => k.startsWith(prefix))
    .sort()
    .map((k, i) => ({
      key: k,
      label: k.slice(prefix.length),
      // Layers are ordered (input to output), so they take the ordered palette.
      color: indexColor(i),
      steps: metrics[k].steps,
      values: metrics[k].values,
    }));
}

function snapshotsOf(run: RunRecord | null, kind: Snapshot['kind']): Snapshot[] {
  return run ? Object.values(run.snapshots).filter((s) => s.kind === kind) : [];
}

export function Metrics({ run }: { run: RunRecord | null }) {
  const m = run?.metrics ?? {};
  return (
    <div className="view-row" data-testid="view-metrics">
      <LineChart
        title="Loss"
        yLabel="cross-entropy (nats)"
        xLabel="optimizer step"
        logToggle
        file="loss"
        lines={[...line(m, 'train/loss', 'train'), ...line(m, 'test/loss', 'test')]}
        empty="Train and test loss will appear here as soon as the run logs its first steps."
      />
      <LineChart
        title="Accuracy"
        yLabel="accuracy (fraction correct)"
        xLabel="optimizer step"
        file="accuracy"
        yFormat={pct}
        lines={[...line(m, 'train/accuracy', 'train'), ...line(m, 'test/accuracy', 'test')]}
        empty="Train accuracy appears after the first steps; test accuracy after each evaluation."
      />
    </div>
  );
}

export function Norms({ run }: { run: RunRecord | null }) {
  const m = run?.metrics ?? {};
  return (
    <div className="view-row" data-testid="view-norms">
      <LineChart
        title="Weight norm per layer"
        yLabel="‖W‖ (L2 norm of the weights)"
        xLabel="optimizer step"
        logToggle
        file="weight-norms"
        lines={prefixed(m, 'norm/')}
        empty="Each layer’s weight norm will be traced here during training."
      />
      <LineChart
        title="Gradient norm per layer"
        yLabel="‖∇W‖ (L2 norm of the gradient)"
        xLabel="optimizer step"
        logToggle
        defaultLog
        file="grad-norms"
        lines={prefixed(m, 'grad/')}
        empty="Each layer’s gradient norm will be traced here during training."
      />
    </div>
  );
}

export function ProgressView({ run }: { run: RunRecord | null }) {
  const p = run?.progress;
  const frac = p && p.total > 0 ? Math.min(1, p.step / p.total) : 0;
  const running = run?.status === 'running';
  const next = running ? upcoming(p) : null;
  return (
    <div
      className="progress-view"
      data-testid="view-progress"
      data-step={p?.step}
      data-total={p?.total}
      data-eta={p?.etaSeconds ?? undefined}
    >
      <progress max={1} value={frac} aria-label="Run progress" />
      <span className="progress-text">
        {p ? (
          <>
            <strong>{count(p.step)}</strong> / {units(p.total, p.unit)}
            {p.examplesPerSecond !== null && ` · ${count(Math.round(p.examplesPerSecond))} examples/s`} ·{' '}
            {running
              ? p.etaSeconds === null
                ? 'estimating the time left…'
                : `about ${duration(p.etaSeconds)} left`
              : run?.status}
            {next && <span className="muted"> · next results {next}</span>}
          </>
        ) : (
          'Steps done of those planned, speed and time left appear when a run starts.'
        )}
      </span>
    </div>
  );
}

/** Every view by name: `satisfies` makes a view the lab names but the UI lacks (or a stray one) a type error. */
export const VIEWS = {
  metrics: Metrics,
  progress: ProgressView,
  norms: Norms,
  weights: ({ run }) => <ImageGridView snapshots={snapshotsOf(run, 'image-grid')} />,
  confusion: ({ run }) => <ConfusionView snapshot={snapshotsOf(run, 'confusion')[0] ?? null} />,
  misclassified: ({ run }) => <GalleryView snapshot={snapshotsOf(run, 'gallery')[0] ?? null} />,
  masks: MasksView,
  frl: FrlView,
  'random-search': SearchView,
  'layer-pruning': LayerView,
  ...LANDSCAPE_VIEWS,
  ...LAZY_RICH_VIEWS,
  ...ATTENTION_VIEWS,
  ...KERNELS_VIEWS,
  ...DATA_VIEWS,
  ...REPRESENTATIONS_VIEWS,
} satisfies Record<ViewName, ViewComponent>;

/** The view an experiment is about: the first it lists, progress aside. */
export function headlineOf(names: readonly ViewName[]): ViewName | undefined {
  return names.find((n) => n !== 'progress');
}

function ViewSection({ name, run, headline = false }: { name: ViewName; run: RunRecord | null; headline?: boolean }) {
  const View: ViewComponent = VIEWS[name];
  return (
    <section className={`view view-${name}${headline ? ' view-headline' : ''}`} data-view={name}>
      <View run={run} upcoming={run && ACTIVE.has(run.status) ? upcoming(run.progress) : null} />
    </section>
  );
}

/**
 * A dashboard: progress first (it says whether anything is happening), then the headline view
 * across the whole width, then the other views' figures as small multiples in a grid.
 */
export function Views({ names, run }: { names: readonly ViewName[]; run: RunRecord | null }) {
  const headline = headlineOf(names);
  const others = names.filter((n) => n !== 'progress' && n !== headline);
  return (
    <div className="views">
      {names.includes('progress') && <ViewSection name="progress" run={run} />}
      {headline && <ViewSection name={headline} run={run} headline />}
      {others.length > 0 && (
        <div className="views-more" data-testid="views-more">
          {others.map((n) => (
            <ViewSection key={n} name={n} run={run} />
          ))}
        </div>
      )}
    </div>
  );
}
