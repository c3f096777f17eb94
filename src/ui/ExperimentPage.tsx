import { useEffect, useState } from 'react';
import { familyOf, presetSpec } from '../lab/catalogue.ts';
import type { Paper, ParamValue } from '../lab/experiment.ts';
import { MAX_SEED } from '../lab/spec-codec.ts';
import { exportRun } from './export.ts';
import { ACTIVE, type RunRecord } from './history/types.ts';
import { GpuProposal } from './GpuProposal.tsx';
import { PHONE, useMedia } from './media.ts';
import { Notices } from './Notices.tsx';
import { InterruptedNotice } from './InterruptedNotice.tsx';
import { ParamPanel } from './ParamPanel.tsx';
import { setSpec, specHash, useRoute } from './route.ts';
import { pauseRun, reopenStored, resumeRun, startRun, stepRun, stopRun, useRunStore } from './run-store.ts';
import { StatusBadge } from './StatusBadge.tsx';
import { useAppStore } from './store.ts';
import { Views } from './views/Views.tsx';
import { StepScrubber } from './timeline/StepScrubber.tsx';
import { runAt } from './timeline/frames.ts';
import { shareRun } from './runs/share/open.ts';
import { useTimeline } from './timeline/store.ts';
import { ClaimPanel } from './claims/ClaimPanel.tsx';

function isTyping(t: EventTarget | null): boolean {
  return t instanceof HTMLElement && (t.isContentEditable || ['INPUT', 'SELECT', 'TEXTAREA'].includes(t.tagName));
}

function RunError({ run }: { run: RunRecord }) {
  if (!run.error) return null;
  const { kind, step, message } = run.error;
  const head =
    kind === 'diverged'
      ? `The run diverged${step !== undefined ? ` at step ${step}` : ''}.`
      : kind === 'device-lost'
        ? 'The GPU device was lost.'
        : kind === 'dataset'
          ? 'A dataset is missing or damaged.'
          : `The run failed${step !== undefined ? ` at step ${step}` : ''}.`;
  return (
    <div className="run-error" role="alert" data-testid="run-error" data-kind={kind ?? 'internal'}>
      <strong>{head}</strong> <span className="run-error-message">{message}</span>
      <div className="muted small">The data recorded up to this point is kept below and in the run history.</div>
    </div>
  );
}

function Citation({ paper }: { paper: Paper }) {
  return (
    <p className="citation">
      Reproduces: {paper.authors} ({paper.year}).{' '}
      {paper.arxiv ? (
        <a href={`https://arxiv.org/abs/${paper.arxiv}`} target="_blank" rel="noreferrer">
          <cite>{paper.title}</cite> — arXiv:{paper.arxiv}
        </a>
      ) : paper.url ? (
        <a href={paper.url} target="_blank" rel="noreferrer">
          <cite>{paper.title}</cite>
        </a>
      ) : (
        <cite>{paper.title}</cite>
      )}
    </p>
  );
}

export function ExperimentPage() {
  const meta = useRoute((s) => s.meta);
  const spec = useRoute((s) => s.spec);
  const autoRun = useRoute((s) => s.autoRun);
  const adapter = useAppStore((s) => s.adapter.state);
  const { run: shown, live, firstPointMs } = useRunStore();
  const rev = useRunStore((s) => s.rev);
  const at = useTimeline((s) => s.at);
  const [copied, setCopied] = useState<string | null>(null);
  const phone = useMedia(PHONE);

  const run = shown && shown.spec.experiment === meta.id ? shown : null;
  const status = live && run ? run.status : null;
  const active = status !== null && ACTIVE.has(status);
  const problems = meta.validate?.(spec.params) ?? [];
  const canRun = adapter === 'ok' && problems.length === 0;

  const onParam = (name: string, v: ParamValue) => setSpec({ ...spec, params: { ...spec.params, [name]: v } });
  const run_ = () => void startRun(spec);
  const toggle = () => {
    if (status === 'running') void pauseRun();
    else if (status === 'paused') void resumeRun();
    else if (canRun) run_();
  };

  // Keyboard: Space run/pause, "." one step, Esc stop — never while typing in a field.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || isTyping(e.target)) return;
      // A focused button already answers Space itself.
      if (e.key === ' ' && e.target instanceof HTMLElement && ['BUTTON', 'A', 'SUMMARY'].includes(e.target.tagName))
        return;
      if (e.key === ' ') {
        e.preventDefault();
        toggle();
      } else if (e.key === '.') {
        if (active) void stepRun();
      } else if (e.key === 'Escape') {
        if (active) void stopRun();
      }
    };
    addEventListener('keydown', onKey);
    return () => removeEventListener('keydown', onKey);
  });

  // A reload mid-run comes back to that run, with its data (run-store.ts reopenStored).
  const hash = specHash(spec, meta);
  useEffect(() => {
    if (!autoRun && !run) void reopenStored(meta.id, (s) => specHash(s, meta) === hash);
  }, [autoRun, run, meta, hash]);

  useEffect(() => {
    if (!autoRun || adapter === 'pending') return;
    useRoute.setState({ autoRun: false });
    if (canRun) void startRun(spec);
  }, [autoRun, adapter, canRun, spec]);

  // The command form reruns the same link headless (npm run lab -- run), e.g. on a bigger machine.
  const copyLink = async (as: 'link' | 'command') => {
    const url = `${location.origin}${location.pathname}${specHash(spec, meta)}`;
    const text = as === 'link' ? url : `npm run lab -- run '${url}'`;
    try {
      await navigator.clipboard.writeText(text);
      setCopied(as === 'link' ? 'Link copied' : 'Command copied');
    } catch {
      setCopied(text);
    }
  };

  const family = familyOf(meta.family);
  return (
    <article className="experiment" data-testid="experiment" data-experiment={meta.id}>
      <Notices />
      <header className="exp-head">
        <p className="eyebrow">{family?.title}</p>
        <h1>{meta.title}</h1>
        {meta.watch && (
          <p className="watch" data-testid="watch">
            <strong>What to watch:</strong> {meta.watch}
          </p>
        )}
        <GpuProposal meta={meta} spec={spec} />
        {/* On a phone the watch line says what to look for; the full explanation waits one tap away, so Run stays in the first screen. */}
        {phone ? (
          <details className="explanation-fold">
            <summary>About this experiment</summary>
            <p className="explanation">{meta.explanation}</p>
          </details>
        ) : (
          <p className="explanation">{meta.explanation}</p>
        )}
        {meta.paper && <Citation paper={meta.paper} />}
        {meta.presets && (
          <details className="presets" data-testid="presets" open={!phone}>
            <summary className="presets-head">Settings to try ({meta.presets.length})</summary>
            <ul>
              {meta.presets.map((p) => (
                <li key={p.label}>
                  <a href={specHash(presetSpec(meta, p, spec.seed), meta)}>{p.label}</a> — {p.note}
                </li>
              ))}
            </ul>
          </details>
        )}
      </header>
      <div className="exp-toolbar">
        <div className="controls" role="toolbar" aria-label="Run controls">
          <button
            type="button"
            className="primary"
            onClick={toggle}
            disabled={!active && !canRun}
            aria-keyshortcuts="Space"
            data-testid="run-button"
          >
            {status === 'running' ? 'Pause' : status === 'paused' ? 'Resume' : 'Run'}
          </button>
          <button type="button" onClick={() => void stepRun()} disabled={!active} aria-keyshortcuts=".">
            Step
          </button>
          <button type="button" onClick={() => void stopRun()} disabled={!active} aria-keyshortcuts="Escape">
            Stop
          </button>
        </div>
        <div className="seed-row">
          <label htmlFor="seed">Seed</label>
          <input
            id="seed"
            type="number"
            min={0}
            max={MAX_SEED}
            value={spec.seed}
            disabled={active}
            onChange={(e) => {
              const v = Number(e.target.value);
              if (Number.isInteger(v) && v >= 0 && v <= MAX_SEED) setSpec({ ...spec, seed: v });
            }}
            aria-describedby="seed-help"
          />
          <button
            type="button"
            className="mini"
            disabled={active}
            onClick={() => setSpec({ ...spec, seed: Math.floor(Math.random() * 1e6) })}
          >
            New seed
          </button>
          <span id="seed-help" className="sr-only">
            Fixes initialization, data order and every random draw: the same seed gives the same run.
          </span>
        </div>
        <div className="controls share">
          <button type="button" className="mini" onClick={() => void copyLink('link')}>
            Copy link
          </button>
          <button type="button" className="mini" onClick={() => void copyLink('command')} data-testid="copy-command">
            Copy CLI command
          </button>
          {(['json', 'csv'] as const).map((format) => (
            <button
              key={format}
              type="button"
              className="mini"
              disabled={!run}
              onClick={() => run && exportRun(run, format)}
              data-testid={`export-${format}`}
            >
              Export {format.toUpperCase()}
            </button>
          ))}
          <button
            type="button"
            className="mini"
            disabled={!run || ACTIVE.has(run.status)}
            onClick={() => run && void shareRun(run)}
            title="One compressed file with every series and snapshot: opening it (runs page, a dropped file or a link) shows every figure without re-running"
            data-testid="share-results"
          >
            Share results file
          </button>
        </div>
        {copied && (
          <p className="small muted copied" role="status">
            {copied}
          </p>
        )}
        {adapter !== 'ok' && (
          <p className="note small">
            {adapter === 'pending' ? (
              'Waiting for WebGPU…'
            ) : (
              <>
                Runs need WebGPU, which is unavailable here. <a href="#/">How to enable it</a>. Stored runs stay
                viewable.
              </>
            )}
          </p>
        )}
      </div>
      <div className="exp-body">
        {/* Folded on phones so the views come right after Run; open beside them on wider screens. */}
        <details className="side" open={!phone} data-testid="params-panel">
          <summary>
            Parameters
            {problems.length > 0 && (
              <span className="field-error">
                {' '}
                · {problems.length} problem{problems.length > 1 ? 's' : ''}
              </span>
            )}
          </summary>
          <ParamPanel
            schema={meta.params}
            values={spec.params}
            disabled={active}
            onChange={onParam}
            problems={problems}
          />
          <p className="muted small">
            Keys: Space run/pause · . one step · Esc stop. “Copy CLI command” runs this setting headless in Node:{' '}
            <code>npm run lab -- run &apos;&lt;link&gt;&apos;</code>.
          </p>
        </details>
        <div className="stage">
          {run && (
            <div className="run-line" data-testid="run-line">
              <StatusBadge status={run.status} />
              <span className="run-name">{run.name}</span>
              {!live && <span className="muted small">(stored run)</span>}
              {live && firstPointMs !== null && (
                <span className="muted small" data-testid="first-point-ms" data-ms={Math.round(firstPointMs)}>
                  first point after {(firstPointMs / 1000).toFixed(1)} s
                </span>
              )}
            </div>
          )}
          {run && <RunError run={run} />}
          {run && <InterruptedNotice run={run} onRunAgain={canRun ? () => void startRun(run.spec) : null} />}
          {run && <StepScrubber run={run} rev={rev} />}
          <Views names={meta.views} run={run && at !== null ? runAt(run, at) : run} />
          <ClaimPanel meta={meta} spec={spec} run={run} />
        </div>
      </div>
    </article>
  );
}
