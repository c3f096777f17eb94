// Two runs of one experiment, one snapshot name: A and B at one colour scale, and B − A where the
// shapes match.
import * as d3 from 'd3';
import { useMemo, useState } from 'react';
import type { Snapshot } from '../../lab/experiment.ts';
import type { RunRecord } from '../history/types.ts';
import { formatNumber } from './format.ts';
import { legendLabels } from './naming.ts';
import { greys, SnapshotPane, type Scale } from './SnapshotPane.tsx';
import { comparableNames, difference, sharedRange } from './snapshots.ts';

/** The difference as something to draw: a heatmap over ±max, or for image grids tiles with mid-grey at 0. */
function differenceSnapshot(a: Snapshot, d: Float64Array, maxAbs: number): Snapshot {
  const m = maxAbs > 0 ? maxAbs : 1;
  if (a.kind === 'image-grid') return { ...a, data: Float32Array.from(d, (v) => 0.5 + (0.5 * v) / m) };
  return { ...a, kind: 'heatmap', data: Float32Array.from(d) };
}

function Pair({ a, b, name, labels }: { a: RunRecord; b: RunRecord; name: string; labels: Map<string, string> }) {
  const sa = a.snapshots[name];
  const sb = b.snapshots[name];
  const images = sa.kind === 'image-grid';
  const range = useMemo(() => (images ? ([0, 1] as [number, number]) : sharedRange(sa, sb)), [sa, sb, images]);
  const scale = useMemo<Scale>(
    () => ({ domain: range, interpolate: images ? greys : d3.interpolateViridis, label: 'A and B' }),
    [range, images],
  );
  const diff = useMemo(() => difference(sa, sb), [sa, sb]);
  const diffSnap = useMemo(() => diff && differenceSnapshot(sa, diff.data, diff.maxAbs), [sa, diff]);
  const diffScale = useMemo<Scale | null>(() => {
    if (!diff) return null;
    const m = diff.maxAbs > 0 ? diff.maxAbs : 1;
    return {
      domain: [-m, m],
      // Red where B is larger, blue where A is: the colour says which run is ahead.
      interpolate: images ? greys : (t: number) => d3.interpolateRdBu(1 - t),
      label: images ? 'B − A (mid-grey = equal)' : 'B − A',
    };
  }, [diff, images]);
  const shared = { min: range[0], max: range[1] };
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
      {diff && diffSnap && diffScale ? (
        <SnapshotPane
          title={`B − A: ${diff.different} of ${diff.data.length} values differ, max |Δ| ${formatNumber(diff.maxAbs)}`}
          s={diffSnap}
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
