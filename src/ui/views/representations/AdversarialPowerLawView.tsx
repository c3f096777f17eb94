// Adversarial error vs ε (src/lab/experiments/representations/adversarial-power-law.ts): FGSM/PGD
// error (solid) and the same-norm random-sign control (dashed) per model on log-log axes, with the
// fitted exponent and R² of each model's small-ε power law; beside it the attacked test images at
// one ε, next to the originals, and which labels the models were trained on.
import type { RunRecord } from '../../history/types.ts';
import { seriesColor } from '../../charts/series-colors.ts';
import { HeatmapPanels, type Panel } from '../../charts/Heatmap.tsx';
import { LineChart, type Line } from '../LineChart.tsx';

const MODELS = [
  { key: 'linear', label: 'linear' },
  { key: 'mlp', label: 'MLP' },
  { key: 'cnn', label: 'CNN' },
];

const PIXELS = { scheme: 'greys', domain: [0, 1], label: 'pixel', units: '0 = black, 1 = white' } as const;

export function AdversarialPowerLawView({ run }: { run: RunRecord | null }) {
  const eps = run?.metrics['epsilon'];
  const epsAt = (i: number): number => eps?.values[eps.steps.indexOf(i)] ?? NaN;
  const last = (name: string): number | null => {
    const s = run?.metrics[name];
    return s && s.values.length ? s.values[s.values.length - 1] : null;
  };
  const lines: Line[] = [];
  const fits = MODELS.flatMap((m) => {
    const adv = run?.metrics[`adversarial/error ${m.key}`];
    const noise = run?.metrics[`noise/error ${m.key}`];
    const a = last(`fit/exponent ${m.key}`);
    const r2 = last(`fit/r2 ${m.key}`);
    const fitted = a !== null && Number.isFinite(a);
    if (adv)
      lines.push({
        key: m.key,
        label: fitted ? `${m.label}: ε^${a!.toFixed(2)}, R² ${r2!.toFixed(3)}` : m.label,
        color: seriesColor(m.key),
        steps: adv.steps.map(epsAt),
        values: adv.values,
      });
    if (noise)
      lines.push({
        key: `${m.key}-noise`,
        label: `${m.label}, random sign (control)`,
        color: seriesColor(m.key),
        steps: noise.steps.map(epsAt),
        values: noise.values,
        dashed: true,
      });
    return fitted ? [{ ...m, exponent: a!, r2: r2!, clean: last(`clean/accuracy ${m.key}`) }] : [];
  });
  const attack = run?.spec.params.attack === 'pgd' ? 'PGD' : 'FGSM';
  const shuffled = run?.spec.params.labels === 'shuffled';
  const attacked = shuffled ? 'training images' : 'test images';
  // Recomputed each render: the run store fills run.snapshots in place, so its identity says nothing.
  const panels = (() => {
    const shots = run?.snapshots ?? {};
    const rows: { name: string; label: string }[] = [
      { name: 'examples/original', label: 'original' },
      ...MODELS.map((m) => ({ name: `examples/adversarial ${m.key}`, label: m.label })),
    ];
    return rows.flatMap(({ name, label }) => {
      const s = shots[name];
      if (!s) return [];
      const [n, h, w] = s.shape;
      return Array.from({ length: n }, (_, i): Panel => ({
        label: i === 0 ? label : '',
        newRow: i === 0,
        rows: h,
        cols: w,
        data: s.data.subarray(i * h * w, (i + 1) * h * w),
      }));
    });
  })();
  const shownEps = run?.snapshots['examples/adversarial linear']?.labels?.[0];
  return (
    <div className="view-row" data-testid="view-adversarial-power-law">
      <div style={{ minWidth: 0 }}>
        <LineChart
          title={`${attack} adversarial error vs ε${shuffled ? ', shuffled labels' : ''}`}
          yLabel="adversarial error (flipped share)"
          xLabel="L∞ radius ε (pixels in [0, 1], log)"
          file="adversarial-error-epsilon"
          logX
          logToggle
          defaultLog
          smoothing={false}
          lines={lines}
          empty="Each model’s error curve appears once it is trained and attacked."
        />
        {run && (
          <p className="muted small" data-testid="power-law-labels" data-labels={shuffled ? 'shuffled' : 'true'}>
            {shuffled
              ? `Trained on shuffled labels (a seeded permutation: nothing to learn but memorise); attacked: the first ${run.spec.params.testSize} training images, correct when given the shuffled label they were trained on.`
              : `Trained on the true labels; attacked: ${run.spec.params.testSize} test images.`}
          </p>
        )}
        {fits.length > 0 && (
          <p className="muted small" data-testid="power-law-fits">
            Power law fitted at small ε:{' '}
            {fits.map((f, i) => (
              <span key={f.key} data-model={f.key} data-exponent={f.exponent} data-r2={f.r2} data-clean={f.clean ?? ''}>
                {i > 0 && ' · '}
                {f.label} a = {f.exponent.toFixed(2)} (R² {f.r2.toFixed(3)}
                {f.clean !== null && `, ${(100 * f.clean).toFixed(0)}% of the ${attacked} correct`})
              </span>
            ))}
          </p>
        )}
      </div>
      <div style={{ minWidth: 0 }}>
        {panels.length > 0 ? (
          <HeatmapPanels
            title={`${shuffled ? 'Training' : 'Test'} images and their ${attack} versions${shownEps ? ` at ${shownEps}` : ''}`}
            file="adversarial-examples"
            testId="adversarial-examples"
            scale={PIXELS}
            panels={panels}
            cellSize={1.5}
            minPanel={40}
            caption={`Top row: the original ${attacked}; below, each model’s adversarial version of the same images at one radius (its own gradient’s signs).`}
          />
        ) : (
          <p className="muted small">The attacked images appear as each model finishes.</p>
        )}
      </div>
    </div>
  );
}
