import { useEffect, useMemo } from 'react';
import type { RunRecord } from '../history/types.ts';
import { count, units } from '../format.ts';
import { clockOf, stopsOf } from './frames.ts';
import { scrubTo, useTimeline } from './store.ts';

const PLAY_MS = 120;

/**
 * One slider for the whole page: it moves through the clocks at which anything was recorded, and
 * every view, curves, masks, maps and trajectories alike, redraws as the run stood then.
 */
export function StepScrubber({ run, rev }: { run: RunRecord; rev: number }) {
  const at = useTimeline((s) => s.at);
  // eslint-disable-next-line react-hooks/exhaustive-deps -- rev says the live run grew in place
  const stops = useMemo(() => stopsOf(run), [run, rev]);
  const playing = useTimeline((s) => s.playing);

  useEffect(() => scrubTo(null), [run.id]);

  useEffect(() => {
    if (!playing) return;
    const id = setInterval(() => {
      const { at: now } = useTimeline.getState();
      const i = now === null ? stops.length : stops.findIndex((s) => s > now);
      if (i < 0 || i >= stops.length) useTimeline.setState({ at: null, playing: false });
      else useTimeline.setState({ at: stops[i] });
    }, PLAY_MS);
    return () => clearInterval(id);
  }, [playing, stops]);

  if (stops.length < 2) return null;
  const index =
    at === null
      ? stops.length - 1
      : Math.max(
          0,
          stops.findIndex((s) => s >= at),
        );
  const shown = at ?? clockOf(run);
  const total = run.progress?.total ?? stops[stops.length - 1];
  return (
    <div className="scrubber" data-testid="step-scrubber" data-at={shown} data-live={at === null}>
      <button
        type="button"
        className="mini"
        onClick={() =>
          useTimeline.setState((s) => ({ playing: !s.playing, at: s.playing ? s.at : at === null ? stops[0] : at }))
        }
        aria-label={playing ? 'Pause replay' : 'Replay the run'}
      >
        {playing ? 'Pause' : 'Replay'}
      </button>
      <input
        type="range"
        min={0}
        max={stops.length - 1}
        step={1}
        value={index}
        aria-label="Training step shown by every view"
        aria-valuetext={`${shown} of ${units(total, run.progress?.unit)}`}
        onChange={(e) => {
          const i = Number(e.target.value);
          useTimeline.setState({ playing: false, at: i === stops.length - 1 ? null : stops[i] });
        }}
      />
      <span className="scrubber-label small">
        <strong>{count(shown)}</strong> / {units(total, run.progress?.unit)}
        {at === null ? <span className="muted"> · latest</span> : null}
      </span>
      {at !== null && (
        <button type="button" className="mini" onClick={() => scrubTo(null)}>
          Latest
        </button>
      )}
    </div>
  );
}
