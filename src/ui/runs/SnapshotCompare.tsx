// Two runs of one experiment, one snapshot name: A and B at one colour scale, and B − A where the
// shapes match.
import { useMemo, useState } from 'react';
import type { ColorScaleSpec } from '../charts/color-scale.ts';
import type { RunRecord } from '../history/types.ts';
import { formatNumber } from './format.ts';
import { legendLabels } from './naming.ts';
import { SnapshotPane } from './SnapshotPane.tsx';
import { comparableNames, difference, sharedRange } from './snapshots.ts';

function Pair({ a, b, name, labels }: { a: RunRecord; b: RunRecord; name: string; labels: Map<string, string> }) {
  const sa = a.snapshots[name];
  const sb = b.snapshots[name];
  const scale = useMemo<ColorScaleSpec>(
    () => ({
      // Image tiles stay grey as in their own view; other grids get a perceptual scale.
      scheme: sa.kind === 'image-grid' ? 'greys' : 'viridis',
      domain: sharedRange(sa, sb),
      label: `${name}, A and B`,
      units: '',
    }),
    [sa, sb, name],
  );
  const diff = useMemo(() => difference(sa, sb), [sa, sb]);
  const diffScale = useMemo<ColorScaleSpec | null>(() => {
    if (!diff) return null;
    const m = diff.maxAbs > 0 ? diff.maxAbs : 1;
    // Red where B is larger, blue where A is: the colour says which run is ahead.
    return { scheme: 'rdbu', domain: [-m, m], center: 0, label: 'B − A', units: '' };
  }, [diff]);
  const shared = { min: scale.domain[0], max: scale.domain[1] };
  return (
    <div className="snapshot-row">
      <SnapshotPane
        title={`A: ${labels.get(a.id)} (step ${sa.step})`}
        s={sa}
        scale={scale}
        file={`${name}-A`}
        testId="snapshot-a"
        data={shared}
      />
      <SnapshotPane
        title={`B: ${labels.get(b.id)} (step ${sb.step})`}
        s={sb}
        scale={scale}
        file={`${name}-B`}
        testId="snapshot-b"
        data={shared}
      />
      {diff && diffScale ? (
        <SnapshotPane
          title={`B − A: ${diff.different} of ${diff.data.length} values differ, max |Δ| ${formatNumber(diff.maxAbs)}`}
          s={sa}
          values={diff.data}
          scale={diffScale}
          file={`${name}-B-minus-A`}
          testId="snapshot-diff"
          data={{ 'max-abs': diff.maxAbs, different: diff.different, cells: diff.data.length }}
        />
      ) : (
        <p className="muted small" data-testid="snapshot-no-diff">
          No difference is drawn: A is {sa.shape.join('×')} and B is {sb.shape.join('×')}.
        </p>
      )}
    </div>
  );
}

function RunSelect(props: {
  label: 'A' | 'B';
  runs: readonly RunRecord[];
  value: RunRecord;
  labels: Map<string, string>;
  onChange: (id: string) => void;
}) {
  return (
    <label>
      {props.label}{' '}
      <select
        value={props.value.id}
        onChange={(e) => props.onChange(e.target.value)}
        data-testid={`snapshot-run-${props.label.toLowerCase()}`}
      >
        {props.runs.map((r) => (
          <option key={r.id} value={r.id}>
            {props.labels.get(r.id)}
          </option>
        ))}
      </select>
    </label>
  );
}

/** Runs of the same experiment as `a`, other than `a`, with a snapshot to compare with it. */
function partnersOf(a: RunRecord, runs: readonly RunRecord[]): RunRecord[] {
  return runs.filter((r) => r !== a && r.spec.experiment === a.spec.experiment && comparableNames(a, r).length > 0);
}

export function SnapshotCompare({ runs }: { runs: RunRecord[] }) {
  const [aId, setA] = useState<string | null>(null);
  const [bId, setB] = useState<string | null>(null);
  const [picked, setName] = useState<string | null>(null);
  // Oldest first: by default A is the earlier run and B − A what changed since.
  const ordered = [...runs].sort((x, y) => x.startedAt - y.startedAt);
  const pairable = ordered.filter((r) => partnersOf(r, ordered).length > 0);
  const a = pairable.find((r) => r.id === aId) ?? pairable[0];
  if (!a) return null;
  const partners = partnersOf(a, ordered);
  const b = partners.find((r) => r.id === bId) ?? partners[0];
  const names = comparableNames(a, b);
  const name = picked !== null && names.includes(picked) ? picked : names[0];
  const labels = legendLabels(runs);
  return (
    <section className="compare" data-testid="snapshot-compare" aria-label="Snapshots side by side">
      <h2>Snapshots side by side</h2>
      <div className="compare-tools">
        <RunSelect label="A" runs={pairable} value={a} labels={labels} onChange={setA} />
        <RunSelect label="B" runs={partners} value={b} labels={labels} onChange={setB} />
        <label>
          Snapshot{' '}
          <select value={name} onChange={(e) => setName(e.target.value)} data-testid="snapshot-name">
            {names.map((n) => (
              <option key={n}>{n}</option>
            ))}
          </select>
        </label>
      </div>
      <Pair key={`${a.id}/${b.id}/${name}`} a={a} b={b} name={name} labels={labels} />
    </section>
  );
}
