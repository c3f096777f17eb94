// CKA guidance (src/lab/experiments/representations/cka-guidance.ts): train and test accuracy of
// the guided net, the unguided control (and the warm-started copy) over training; each hidden
// layer's linear CKA to the guide layer it is paired with, guided (solid) vs unguided (dashed);
// every copy's CKA averaged over its layers (the warm start's rise and fall shows there); and the
// target × guide CKA matrix of each copy at the scrubbed step. Copies keep their colour by name
// in every chart; the end of the warm start is a vertical mark.
import type { RunRecord } from '../../history/types.ts';
import { Heatmap } from '../../charts/Heatmap.tsx';
import { indexColor, seriesColor } from '../../charts/series-colors.ts';
import { LineChart, type Line } from '../LineChart.tsx';

const ARMS = [
  { key: 'unguided', label: 'unguided (control)' },
  { key: 'guided', label: 'CKA-guided' },
  { key: 'warm-start', label: 'guidance warm start' },
];

const CKA_SCALE = {
  scheme: 'viridis',
  domain: [0, 1],
  label: 'linear CKA',
  units: '1 = same up to rotation',
} as const;

const pct = (v: number) => `${(100 * v).toFixed(0)}%`;
const meanOf = (vs: readonly number[]) => vs.reduce((s, v) => s + v, 0) / vs.length;

export function CkaGuidanceView({ run }: { run: RunRecord | null }) {
  const metrics = run?.metrics ?? {};
  const series = (name: string) => {
    const s = metrics[name];
    return s && s.values.length > 0 ? s : null;
  };
  const arms = ARMS.filter((a) => series(`test/accuracy ${a.key}`));
  const warmSteps = Number(run?.spec.params.warmSteps ?? 0);
  // Where the warm-started copy switches from guidance alone to cross-entropy alone.
  const warmEnd: Line[] = arms.some((a) => a.key === 'warm-start')
    ? [
        {
          key: 'warm-end',
          label: `warm start ends (step ${warmSteps})`,
          color: seriesColor('warm-start'),
          steps: [warmSteps],
          values: [],
          rule: true,
        },
      ]
    : [];
  const accuracy: Line[] = arms.flatMap((a) =>
    (['test', 'train'] as const).flatMap((split) => {
      const s = series(`${split}/accuracy ${a.key}`)!;
      return [
        {
          key: `${split}-${a.key}`,
          label: `${a.label}, ${split}`,
          color: seriesColor(a.key),
          steps: s.steps,
          values: s.values,
          dashed: split === 'train',
        },
      ];
    }),
  );
  // Layers by their metric names (cka/fc1 guided …), in layer order.
  const layers = [...new Set(Object.keys(metrics).flatMap((n) => /^cka\/(fc\d+) /.exec(n)?.[1] ?? []))].sort(
    (x, y) => Number(x.slice(2)) - Number(y.slice(2)),
  );
  const shownArms = arms.filter((a) => a.key !== 'warm-start');
  const ckaLines: Line[] = layers.flatMap((layer, i) =>
    shownArms.flatMap((a) => {
      const s = series(`cka/${layer} ${a.key}`);
      return s
        ? [
            {
              key: `${layer}-${a.key}`,
              label: `${layer} ${a.key}`,
              color: indexColor(i),
              steps: s.steps,
              values: s.values,
              dashed: a.key === 'unguided',
            },
          ]
        : [];
    }),
  );
  // Each copy's CKA to the guide, averaged over its layers at every evaluation.
  const meanCka: Line[] = arms.flatMap((a) => {
    const per = layers.flatMap((l) => series(`cka/${l} ${a.key}`) ?? []);
    if (per.length === 0) return [];
    const steps = per[0].steps;
    return [
      {
        key: `mean-${a.key}`,
        label: a.label,
        color: seriesColor(a.key),
        steps,
        values: steps.map((_, j) => meanOf(per.map((s) => s.values[j]))),
      },
    ];
  });
  const finals = arms.map((a) => {
    const test = series(`test/accuracy ${a.key}`)!;
    const train = series(`train/accuracy ${a.key}`);
    const ckas = layers.flatMap((l) => series(`cka/${l} ${a.key}`)?.values.at(-1) ?? []);
    return {
      ...a,
      step: test.steps.at(-1)!,
      test: test.values.at(-1)!,
      train: train?.values.at(-1) ?? NaN,
      cka: ckas.length ? meanOf(ckas) : NaN,
    };
  });
  const matrices = arms.flatMap((a) => {
    const s = run?.snapshots[`cka-matrix ${a.key}`];
    if (!s) return [];
    const [rows, cols] = s.shape;
    const names = s.labels ?? [];
    return [{ ...a, step: s.step, rows, cols, data: s.data, yNames: names.slice(0, rows), xNames: names.slice(rows) }];
  });
  return (
    <div data-testid="view-cka-guidance">
      <div className="view-row">
        <div style={{ minWidth: 0 }}>
          <LineChart
            title="Accuracy: test (solid) and train (dashed)"
            yLabel="accuracy"
            file="cka-guidance-accuracy"
            yFormat={pct}
            smoothing={false}
            lines={[...accuracy, ...warmEnd]}
            empty="Accuracy appears at the first evaluation."
          />
          {finals.length > 0 && (
            <p className="muted small" data-testid="cka-guidance-finals">
              At step {finals[0].step}:{' '}
              {finals.map((f, i) => (
                <span
                  key={f.key}
                  data-arm={f.key}
                  data-step={f.step}
                  data-test-accuracy={f.test}
                  data-train-accuracy={f.train}
                  data-mean-cka={f.cka}
                >
                  {i > 0 && ' · '}
                  {f.label} test {pct(f.test)}, train {pct(f.train)}, mean CKA to the guide {f.cka.toFixed(2)}
                </span>
              ))}
            </p>
          )}
        </div>
        <div style={{ minWidth: 0 }}>
          <LineChart
            title="Each layer’s CKA to its guide layer (colour = layer): guided (solid), unguided (dashed)"
            yLabel="linear CKA"
            file="cka-guidance-layers"
            smoothing={false}
            lines={ckaLines}
            empty="Per-layer CKA appears at the first evaluation."
          />
        </div>
      </div>
      {arms.length > 2 && (
        <div className="view-row">
          <div style={{ minWidth: 0 }} data-testid="cka-guidance-mean" data-warm-steps={warmSteps}>
            <LineChart
              title="Mean CKA to the guide over the hidden layers, every copy"
              yLabel="linear CKA (layer mean)"
              file="cka-guidance-mean"
              smoothing={false}
              lines={[...meanCka, ...warmEnd]}
              empty="Mean CKA appears at the first evaluation."
            />
          </div>
        </div>
      )}
      <div className="view-row" data-testid="cka-matrices">
        {matrices.map((m) => (
          <div key={m.key} style={{ minWidth: 0 }} data-arm={m.key} data-step={m.step}>
            <Heatmap
              title={`CKA, target × guide layers: ${m.label} (step ${m.step})`}
              file={`cka-matrix-${m.key}`}
              testId={`cka-matrix-${m.key}`}
              scale={CKA_SCALE}
              rows={m.rows}
              cols={m.cols}
              data={m.data}
              x={{ label: 'guide layer', domain: [0, m.cols - 1], names: m.xNames }}
              y={{ label: 'target layer', domain: [0, m.rows - 1], names: m.yNames }}
              topDown
              maxSize={320}
            />
          </div>
        ))}
      </div>
      {matrices.length > 0 && (
        <p className="muted small">
          Measured on one fixed batch of test images. Each target layer i of D is pulled towards guide layer ⌊i·G/D⌋
          (early to early, late to late); the guided net’s matrix should be bright along that staircase.
        </p>
      )}
    </div>
  );
}
