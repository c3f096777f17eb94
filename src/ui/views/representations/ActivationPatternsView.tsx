// Neural activation patterns (src/lab/experiments/representations/activation-patterns.ts): each
// class's NAP as a bitmap of its hidden neurons (fixed on, fixed off, free), for the trained net
// and the untrained control; recall and precision per class for both; and the share of test
// images that IBP certifies at each ε, over the plain ball and inside the image's NAP.
import type { RunRecord } from '../../history/types.ts';
import { seriesColor } from '../../charts/series-colors.ts';
import { HeatmapPanels, type Panel } from '../../charts/Heatmap.tsx';
import { LineChart, type Line } from '../LineChart.tsx';

const NETS = [
  { key: 'trained', label: 'trained' },
  { key: 'untrained', label: 'untrained (control)' },
] as const;

/** The runner's snapshot values: 1 fixed on, −1 fixed off, 0 free (src/lab/representations/nap.ts). */
const NAP_SCALE = {
  scheme: 'rdbu',
  domain: [-1, 1],
  center: 0,
  levels: [-1.5, -0.5, 0.5, 1.5],
  label: 'NAP state',
  units: '−1 fixed off, 0 free, +1 fixed on',
} as const;

const fmt = (v: number | undefined, digits = 2): string =>
  v === undefined || !Number.isFinite(v) ? '–' : v.toFixed(digits);

/** One class's mask over one layer's `width` neurons as a near-square bitmap (padding left blank). */
function bitmap(row: ArrayLike<number>, from: number, width: number): Omit<Panel, 'label'> {
  const cols = Math.ceil(Math.sqrt(width));
  const rows = Math.ceil(width / cols);
  const data = Float32Array.from({ length: rows * cols }, (_, i) => (i < width ? row[from + i] : NaN));
  return { rows, cols, data };
}

export function ActivationPatternsView({ run }: { run: RunRecord | null }) {
  const series = (name: string) => run?.metrics[name];
  const at = (name: string, step: number): number | undefined => {
    const s = series(name);
    const i = s ? s.steps.indexOf(step) : -1;
    return i >= 0 ? s!.values[i] : undefined;
  };
  const hidden = Number(run?.spec.params.hidden ?? 0);
  // Recomputed each render: the run store fills run.snapshots in place, so its identity says nothing.
  const panelsOf = (net: string): Panel[] => {
    const s = run?.snapshots[`nap ${net}`];
    if (!s) return [];
    const [classes, neurons] = s.shape;
    const widths = [hidden, neurons - hidden];
    return widths.flatMap((w, l) =>
      Array.from({ length: classes }, (_, c): Panel => {
        const row = s.data.subarray(c * neurons, (c + 1) * neurons);
        return { label: c === 0 ? `L${l + 1}: 0` : String(c), newRow: c === 0, ...bitmap(row, l * hidden, w) };
      }),
    );
  };
  // Neurons each class's drawn mask fixes, per net: what the masks show, for reading back numerically.
  const drawnFixed = Object.fromEntries(
    NETS.map((net) => {
      const s = run?.snapshots[`nap ${net.key}`];
      if (!s) return [net.key, undefined];
      const [classes, neurons] = s.shape;
      const counts = Array.from(
        { length: classes },
        (_, c) => Array.from(s.data.subarray(c * neurons, (c + 1) * neurons)).filter((v) => v !== 0).length,
      );
      return [net.key, counts.join(',')];
    }),
  );
  const classLines: Line[] = NETS.flatMap((net) =>
    (['recall', 'precision'] as const).flatMap((q) => {
      const s = series(`nap/${q} ${net.key}`);
      return s
        ? [
            {
              key: `${q}-${net.key}`,
              label: `${q}, ${net.label}`,
              color: seriesColor(q),
              steps: s.steps,
              values: s.values,
              dashed: net.key === 'untrained',
            },
          ]
        : [];
    }),
  );
  const eps = series('ibp/epsilon');
  const epsAt = (i: number): number => eps?.values[eps.steps.indexOf(i)] ?? NaN;
  const certLines: Line[] = [
    { key: 'ball', label: 'plain ε-ball' },
    { key: 'nap', label: 'ε-ball inside the class’s NAP' },
  ].flatMap(({ key, label }) => {
    const s = series(`ibp/verified ${key}`);
    // Dashed: where the NAP adds nothing the two lines coincide, and both stay visible.
    return s
      ? [{ key, label, color: seriesColor(key), steps: s.steps.map(epsAt), values: s.values, dashed: key === 'nap' }]
      : [];
  });
  // The control is mined first: its rows stand alone while the net trains (and when scrubbed back there).
  const classes = series('nap/recall untrained')?.steps ?? [];
  const last = (name: string) => series(name)?.values.at(-1);
  const gain = last('ibp/gain');
  return (
    <div className="view-row" data-testid="view-activation-patterns">
      <div style={{ minWidth: 0 }}>
        {NETS.some((net) => run?.snapshots[`nap ${net.key}`]) ? (
          <div
            data-testid="nap-masks-drawn"
            data-fixed-trained={drawnFixed.trained}
            data-fixed-untrained={drawnFixed.untrained}
          >
            {NETS.map(
              (net) =>
                run?.snapshots[`nap ${net.key}`] && (
                  <HeatmapPanels
                    key={net.key}
                    title={`NAPs of the ${net.label} net at δ = ${run?.spec.params.delta}`}
                    file={`nap-masks-${net.key}`}
                    testId={`nap-masks-${net.key}`}
                    scale={NAP_SCALE}
                    panels={panelsOf(net.key)}
                    cellSize={4}
                    minPanel={40}
                    caption={
                      net.key === 'trained'
                        ? 'One bitmap per class (0–9), hidden layer 1 (L1) above layer 2 (L2), neurons in reading order: red neurons are on, blue ones off, in at least δ of the class’s training images; pale ones are free.'
                        : 'The same net before training, NAPs mined the same way: the control.'
                    }
                  />
                ),
            )}
          </div>
        ) : (
          <p className="muted small">The NAP masks appear as each net is mined (the untrained control first).</p>
        )}
        <LineChart
          title="Recall and precision of each class’s NAP on the test set"
          yLabel="share of test images"
          xLabel="class"
          file="nap-recall-precision"
          smoothing={false}
          lines={classLines}
          yFormat={(v) => v.toFixed(2)}
          empty="Recall and precision appear once the NAPs are mined."
        />
      </div>
      <div style={{ minWidth: 0 }}>
        <LineChart
          title="Test images certified by IBP at radius ε"
          yLabel="share of certified test images"
          xLabel="L∞ radius ε (log; ε = 1: the whole input box)"
          file="nap-certified"
          logX
          smoothing={false}
          lines={certLines}
          yFormat={(v) => v.toFixed(2)}
          empty="The certified shares appear after the trained net’s NAPs are mined and bounded."
        />
        {gain !== undefined && (
          <p
            className="muted small"
            data-testid="nap-certification"
            data-gain={gain}
            data-covered={last('ibp/covered')}
            data-radius-ball={last('ibp/radius ball')}
            data-radius-nap={last('ibp/radius nap')}
          >
            {fmt(100 * last('ibp/covered')!, 0)}% of the bounded test images are classified correctly and follow their
            class’s NAP; inside it, IBP certifies a larger radius than the plain ball for {fmt(100 * gain, 0)}% of them
            (median certified ε {fmt(last('ibp/radius nap'), 4)} inside the NAP vs {fmt(last('ibp/radius ball'), 4)} for
            the ball).
          </p>
        )}
        {classes.length > 0 && (
          <figure className="chart" data-testid="nap-table">
            <figcaption>
              Per class: recall (its test images that follow its NAP), precision (the test images following it that are
              of the class) and neurons fixed, trained vs untrained. Test accuracy {fmt(last('accuracy trained'), 3)} vs{' '}
              {fmt(last('accuracy untrained'), 3)}.
            </figcaption>
            <table className="small">
              <thead>
                <tr>
                  <th>class</th>
                  <th>recall</th>
                  <th>precision</th>
                  <th>fixed</th>
                  <th>control recall</th>
                  <th>control precision</th>
                </tr>
              </thead>
              <tbody>
                {classes.map((c) => (
                  <tr
                    key={c}
                    data-class={c}
                    data-recall={at('nap/recall trained', c)}
                    data-precision={at('nap/precision trained', c)}
                    data-fixed={at('nap/fixed trained', c)}
                    data-control-recall={at('nap/recall untrained', c)}
                    data-control-precision={at('nap/precision untrained', c)}
                  >
                    <td>{c}</td>
                    <td>{fmt(at('nap/recall trained', c))}</td>
                    <td>{fmt(at('nap/precision trained', c))}</td>
                    <td>{fmt(at('nap/fixed trained', c), 0)}</td>
                    <td>{fmt(at('nap/recall untrained', c))}</td>
                    <td>{fmt(at('nap/precision untrained', c))}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </figure>
        )}
      </div>
    </div>
  );
}
