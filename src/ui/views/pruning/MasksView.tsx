// The "masks" view of the pruning family: a round scrubber driving the first layer's survival map
// (the headline: does the mask find the digit area?) and unit tiles, accuracy and early-stop step
// vs weights remaining with seed bands, density bars (IMP vs ERK vs uniform), per-layer mask
// heatmaps, and for rewinding / random pruning their interpolation, barrier and gap curves. Series
// names are declared in src/lab/experiments/pruning/{lottery-ticket,lottery-rewind,random-pruning}.experiment.ts.
import { useState } from 'react';
import type { Snapshot } from '../../../lab/experiment.ts';
import type { RunRecord, Series } from '../../history/types.ts';
import { seriesColor } from '../../charts/series-colors.ts';
import { LineChart, type Line } from '../LineChart.tsx';
import { DensityBars } from './DensityBars.tsx';
import { FirstLayer } from './FirstLayer.tsx';
import { ConvMaskHeatmap, MaskHeatmap } from './MaskHeatmaps.tsx';
import { VsRemaining } from './VsRemaining.tsx';
import { pct } from './format.ts';
import './pruning.css';

type Metrics = Record<string, Series>;

/** Mask snapshots by round: round → layer snapshots in the order the engine sent them, forward order (a name sort would put a ResNet's fc between conv1 and layer1). */
function masksByRound(run: RunRecord | null): Map<number, Snapshot[]> {
  const out = new Map<number, Snapshot[]>();
  for (const s of Object.values(run?.snapshots ?? {})) {
    const m = /^mask\/r(\d+)\/(.+)$/.exec(s.name);
    if (!m || s.kind !== 'heatmap') continue;
    const r = Number(m[1]);
    out.set(r, [...(out.get(r) ?? []), s]);
  }
  return out;
}

/** Series under `prefix`, in numeric order, each coloured by its name (so ERK is one colour in every chart). */
function lines(m: Metrics, prefix: string, rename = (k: string) => k, axis?: 'right'): Line[] {
  return Object.keys(m)
    .filter((k) => k.startsWith(prefix))
    .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))
    .map((k) => {
      const label = rename(k.slice(prefix.length));
      return { key: k, label, color: seriesColor(label), steps: m[k].steps, values: m[k].values, axis };
    });
}

/** The rounds the run will prune, from its spec ("round 1 of N"); undefined for runs without rounds. */
function plannedRounds(run: RunRecord | null): number | undefined {
  const r = run?.spec.params.rounds;
  return typeof r === 'number' ? r : undefined;
}

export function MasksView({ run, upcoming }: { run: RunRecord | null; upcoming?: string | null }) {
  const m = run?.metrics ?? {};
  // Not memoized: the run record is updated in place while it streams.
  const byRound = masksByRound(run);
  const rounds = [...byRound.keys()].sort((a, b) => a - b);
  const [picked, setPicked] = useState<number | null>(null);
  const [zoom, setZoom] = useState(0);
  const round = picked !== null && byRound.has(picked) ? picked : (rounds[rounds.length - 1] ?? 0);
  const masks = byRound.get(round) ?? [];
  const hasRandom = Object.keys(m).some((k) => k.startsWith('gap/'));
  const planned = plannedRounds(run);
  const ofRounds = planned !== undefined ? ` of ${planned}` : '';
  // Round 0 is the dense net: its masks keep everything, so until round 1 there is nothing to see in them.
  const densOnly = rounds.length > 0 && rounds[rounds.length - 1] === 0;
  const when = upcoming ? ` Next results ${upcoming}.` : '';
  if (rounds.length === 0 && !hasRandom && !m.barrier) {
    return (
      <div data-testid="view-masks" className="pruning-view">
        <div className="empty pruning-wide" data-testid="masks-placeholder">
          {planned === undefined
            ? 'Test accuracy and the dense − sparse gap appear as each width finishes its dense, uniform and ERK nets, then the density per layer.'
            : `The dense net is training. Masks appear after pruning round 1${ofRounds}: the first layer's survival per input pixel, each unit's surviving inputs, density per layer, and accuracy against the weights remaining.`}
          {when}
        </div>
      </div>
    );
  }
  const remaining = m.remaining?.values[m.remaining.steps.indexOf(round)];
  return (
    <div data-testid="view-masks" className="pruning-view masks-view">
      {rounds.length > 0 && (
        <div className="chart-tools pruning-wide" data-testid="round-scrubber">
          <label>
            IMP round{' '}
            <input
              type="range"
              min={rounds[0]}
              max={rounds[rounds.length - 1]}
              step={1}
              value={round}
              onChange={(e) => setPicked(Number(e.target.value))}
              aria-label="IMP round"
              style={{ width: '12rem' }}
            />{' '}
            <strong data-testid="round-value">{round}</strong> of {rounds[rounds.length - 1]}
            {remaining !== undefined && <> · {pct(remaining)} of weights remain</>}
          </label>
          <label>
            zoom{' '}
            <select value={zoom} onChange={(e) => setZoom(Number(e.target.value))} aria-label="Mask zoom">
              {[0, 1, 2, 4].map((z) => (
                <option key={z} value={z}>
                  {z === 0 ? 'fit' : `${z}×`}
                </option>
              ))}
            </select>
          </label>
        </div>
      )}
      {densOnly ? (
        <div className="empty pruning-wide" data-testid="masks-placeholder">
          Round 0 trained the dense net: every weight is kept. Masks appear after pruning round 1{ofRounds}.{when}
        </div>
      ) : (
        masks[0] && <FirstLayer s={masks[0]} round={round} />
      )}
      {hasRandom && (
        <>
          <LineChart
            title="Dense − random-sparse accuracy gap vs width"
            yLabel="accuracy gap (dense − sparse)"
            xLabel="hidden width (units, log)"
            logX
            file="gap-vs-width"
            yFormat={pct}
            lines={lines(m, 'gap/')}
            empty=""
          />
          <LineChart
            title="Test accuracy vs width"
            yLabel="test accuracy"
            xLabel="hidden width (units, log)"
            logX
            file="acc-vs-width"
            yFormat={pct}
            lines={lines(m, 'acc/')}
            empty=""
          />
        </>
      )}
      <VsRemaining
        m={m}
        prefix="acc"
        title="Test accuracy vs weights remaining"
        yLabel="test accuracy"
        yFormat={pct}
        round={round}
        testid="acc-vs-remaining"
      />
      <VsRemaining
        m={m}
        prefix="es"
        title="Early-stop step vs weights remaining"
        yLabel="step of min test loss"
        yFormat={(v) => (Number.isInteger(v) ? String(v) : '')}
        round={round}
        testid="es-vs-remaining"
      />
      <DensityBars m={m} step={hasRandom ? 0 : round} />
      {m.barrier && (
        <>
          <LineChart
            title="Test error along the line between two copies"
            yLabel="test error"
            xLabel="interpolation α (%)"
            file="interpolation"
            yFormat={pct}
            lines={lines(m, 'interp/')}
            empty=""
          />
          <LineChart
            title="Error barrier and ticket accuracy vs rewind point"
            yLabel="error barrier (test error)"
            y2Label="ticket test accuracy"
            xLabel="rewind point k (% of training)"
            file="barrier"
            yFormat={pct}
            y2Format={pct}
            lines={[
              ...lines(m, 'barrier', () => 'barrier'),
              ...lines(m, 'ticket/acc-by-k', () => 'ticket accuracy', 'right'),
            ]}
            empty=""
          />
        </>
      )}
      {masks.length > 0 &&
        !densOnly &&
        masks.map((s) =>
          s.shape.length === 4 ? (
            <ConvMaskHeatmap key={s.name} s={s} zoom={zoom} />
          ) : (
            <MaskHeatmap key={s.name} s={s} zoom={zoom} />
          ),
        )}
    </div>
  );
}
