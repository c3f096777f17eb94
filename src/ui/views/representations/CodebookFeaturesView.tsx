// Codebook features on TokFSM (src/lab/experiments/representations/codebook-features.ts): per
// layer, the state × code matrix (row s: which states are being read where state s's most precise
// code fires; a diagonal means one code per state), the valid next-token accuracy of the
// bottlenecked and the plain transformer, and how often forcing a state's code steers the next
// digit toward that state, against forcing a random code and forcing nothing.
import type { RunRecord } from '../../history/types.ts';
import { seriesColor } from '../../charts/series-colors.ts';
import { Heatmap } from '../../charts/Heatmap.tsx';
import { LineChart, type Line } from '../LineChart.tsx';

const SHARE = {
  scheme: 'blues',
  domain: [0, 1],
  label: 'P(state | code fires)',
  units: 'share of end-of-state positions',
} as const;

const ARMS = [
  { key: 'matched', label: 'target state’s code' },
  { key: 'random', label: 'random code (control)' },
  { key: 'none', label: 'no intervention' },
];

export function CodebookFeaturesView({ run }: { run: RunRecord | null }) {
  const series = (name: string) => run?.metrics[name];
  const last = (name: string): number | null => series(name)?.values.at(-1) ?? null;
  const line = (name: string, key: string, label: string, dashed = false): Line[] => {
    const s = series(name);
    return s ? [{ key, label, color: seriesColor(key), steps: s.steps, values: s.values, dashed }] : [];
  };
  const layers = Object.keys(run?.snapshots ?? {})
    .filter((n) => n.startsWith('codes/confusion L'))
    .sort();
  const pct = (v: number | null) => (v === null ? '–' : `${(100 * v).toFixed(0)}%`);
  const accuracy = [
    ...line('valid-accuracy codebook', 'codebook', 'with codebooks'),
    ...line('valid-accuracy plain', 'plain', 'plain transformer (baseline)', true),
  ];
  const steering = ARMS.flatMap((a) => line(`intervention/success ${a.key}`, a.key, a.label, a.key !== 'matched'));
  const lastLayer = layers.length - 1;
  return (
    <div className="view-row" data-testid="view-codebook-features">
      <div style={{ minWidth: 0 }}>
        {layers.length > 0 ? (
          layers.map((name, l) => {
            const s = run!.snapshots[name];
            const [S] = s.shape;
            return (
              <Heatmap
                key={name}
                title={`Layer ${l}: states × their most precise codes`}
                file={`codebook-states-L${l}`}
                testId={`codebook-confusion-L${l}`}
                rows={S}
                cols={S}
                data={s.data as Float32Array}
                scale={SHARE}
                x={{ label: 'state being read', domain: [0, S - 1] }}
                y={{ label: 'state whose code fires', domain: [0, S - 1] }}
                topDown
                maxSize={320}
                caption={`Share of states with a code of precision ≥ 0.9: ${pct(last(`codes/precise-share L${l}`))}; codes in use: ${last(`codes/active L${l}`) ?? '–'}. An empty row: no code fired at least 5 times for that state.`}
              />
            );
          })
        ) : (
          <p className="muted small">
            The state × code matrices appear at the first evaluation (a quarter of the way through training).
          </p>
        )}
      </div>
      <div style={{ minWidth: 0 }}>
        <LineChart
          title="Valid next tokens on held-out trajectories"
          yLabel="share of predictions the FSM allows"
          file="codebook-valid-accuracy"
          smoothing={false}
          lines={accuracy}
          empty="Both models are scored four times during training."
        />
        <LineChart
          title={`Forcing a code in layer ${Math.max(0, lastLayer)} at a state’s last digit`}
          yLabel="steered share of trials"
          file="codebook-interventions"
          smoothing={false}
          lines={steering}
          empty="Interventions run at each evaluation."
        />
        {accuracy.length > 0 && (
          <p
            className="muted small"
            data-testid="codebook-summary"
            data-valid-codebook={last('valid-accuracy codebook') ?? ''}
            data-valid-plain={last('valid-accuracy plain') ?? ''}
            data-precise-share={last(`codes/precise-share L${lastLayer}`) ?? ''}
            data-steer-matched={last('intervention/success matched') ?? ''}
            data-steer-random={last('intervention/success random') ?? ''}
            data-steer-none={last('intervention/success none') ?? ''}
          >
            Valid next tokens: {pct(last('valid-accuracy codebook'))} with codebooks vs{' '}
            {pct(last('valid-accuracy plain'))} without. Forcing the target state’s code steers{' '}
            {pct(last('intervention/success matched'))} of next digits, a random code{' '}
            {pct(last('intervention/success random'))}, no intervention {pct(last('intervention/success none'))}.
          </p>
        )}
      </div>
    </div>
  );
}
