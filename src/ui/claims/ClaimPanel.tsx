/**
 * The claim panel: for each paper check of an experiment, the paper's claim, the check's rule as
 * `npm run verify` applies it, whether the current run meets that rule (judged by the check's own
 * judge, src/lab/checks/rules/), and the stored verify result, FAILs included.
 */
import {
  evaluateRun,
  isAtSetting,
  settingDifferences,
  settingPreset,
  settingSpec,
  type RunVerdict,
} from '../../lab/checks/evaluate.ts';
import type { Rule } from '../../lab/checks/rule.ts';
import { RULE_FAMILIES, rulesFor } from '../../lab/checks/rules/index.ts';
import type { ExperimentMeta, ParamValue, RunSpec } from '../../lab/experiment.ts';
import { ACTIVE, type RunRecord } from '../history/types.ts';
import { specHash } from '../route.ts';
import { storedRecord } from './stored.ts';
import './claims.css';

const list = (xs: readonly number[]) => (xs.length ? xs.join(', ') : 'none');
const shown = (v: ParamValue | undefined) =>
  v === undefined ? '—' : Array.isArray(v) ? `[${v.join(', ')}]` : String(v);

/** `verify`'s family name of a rule. */
const familyOf = (rule: Rule) => RULE_FAMILIES.find((f) => f.rules.includes(rule))?.id ?? 'all';

export function ClaimPanel({ meta, spec, run }: { meta: ExperimentMeta; spec: RunSpec; run: RunRecord | null }) {
  const rules = rulesFor(meta.id);
  if (!rules.length) return null;
  return (
    <section className="claims" aria-labelledby="claims-title" data-testid="claims">
      <h2 id="claims-title">The paper's claim, and whether this run shows it</h2>
      {rules.map((r) => (
        <Claim key={r.id} rule={r} meta={meta} spec={spec} run={run} />
      ))}
    </section>
  );
}

function Claim({ rule, meta, spec, run }: { rule: Rule; meta: ExperimentMeta; spec: RunSpec; run: RunRecord | null }) {
  return (
    <article className="claim" data-testid="claim" data-check={rule.id}>
      <p className="claim-paper">{rule.paper}</p>
      <details className="claim-rule">
        <summary>
          The check's rule, as{' '}
          <code>
            npm run verify -- {familyOf(rule)} {rule.id}
          </code>{' '}
          applies it
        </summary>
        <p>{rule.claim}</p>
        <p className="small muted">
          Its setting was chosen on seeds {list(rule.seeds.tuned)} and is judged on held-out seeds{' '}
          {list(rule.seeds.judged)}.
        </p>
      </details>
      <RunPart rule={rule} meta={meta} spec={spec} run={run} />
      <StoredPart rule={rule} />
    </article>
  );
}

const VERDICT_WORDS = { pass: 'Meets the rule', fail: 'Does not meet the rule', none: 'No verdict from one seed' };

function RunPart({
  rule,
  meta,
  spec,
  run,
}: {
  rule: Rule;
  meta: ExperimentMeta;
  spec: RunSpec;
  run: RunRecord | null;
}) {
  if (rule.unmeasured)
    return (
      <div className="claim-run" data-testid="claim-run" data-verdict="unmeasured">
        <p className="small">
          <strong>This experiment's runs cannot be judged by the check.</strong> {rule.unmeasured}
        </p>
      </div>
    );
  const v = run ? evaluateRun(rule, run) : null;
  const state = !run
    ? 'no-run'
    : v!.result
      ? v!.result.pass === null
        ? 'none'
        : v!.result.pass
          ? 'pass'
          : 'fail'
      : 'pending';
  const target = settingSpec(rule);
  const preset = settingPreset(rule, meta);
  const atSetting = isAtSetting(rule, run?.spec ?? spec);
  return (
    <div
      className="claim-run"
      data-testid="claim-run"
      data-verdict={state}
      data-at-setting={String(atSetting)}
      data-scope={v?.scope}
      data-seeds={v?.seeds.join(',')}
      data-measured={v?.result?.measured}
    >
      <p className="claim-status">
        <span className={`claim-badge claim-${state}`}>
          {state === 'pass' || state === 'fail' || state === 'none'
            ? VERDICT_WORDS[state]
            : state === 'pending'
              ? run && ACTIVE.has(run.status)
                ? 'Judged when the run ends'
                : 'Not judged: the run ended before its measurements'
              : 'No run yet'}
        </span>{' '}
        <span className="small">{scopeText(rule, v, atSetting)}</span>
      </p>
      {v?.result && <p className="claim-line">{v.result.measured}</p>}
      <SettingNotes rule={rule} meta={meta} spec={run?.spec ?? spec} verdict={v} />
      {target && !atSetting && (
        <p className="small">
          <a href={specHash(target, meta)} data-testid="claim-setting-link">
            {preset ? `Open the check's setting (the preset “${preset.label}”)` : "Open the check's setting"}
          </a>
          {rule.setting?.beyond ? ', as near as the parameters can say it.' : '.'}
        </p>
      )}
    </div>
  );
}

function scopeText(rule: Rule, v: RunVerdict | null, atSetting: boolean): string {
  const n = rule.seeds.judged.length;
  const where = atSetting ? "At the check's setting" : "At these settings (not the check's)";
  if (!v) return atSetting ? "These are the check's settings." : "These settings are not the check's:";
  if (!v.result) return `${where}.`;
  const seeds = v.seeds.length === 1 ? `seed ${v.seeds[0]}` : `seeds ${v.seeds.join(', ')}`;
  if (v.scope === 'all') return `${where}, on ${seeds}: as many seeds as the check judges.`;
  if (v.scope === 'some') return `${where}, on ${seeds}: ${v.seeds.length} of the ${n} seeds the check judges.`;
  return n === 1
    ? `${where}, on ${seeds}.`
    : `${where}, on ${seeds}: one seed of the ${n} the check judges${rule.perSeed ? ', and the rule holds or fails on each seed alone' : rule.one ? '' : ', so spreads over seeds count as 0 here'}.`;
}

function SettingNotes({
  rule,
  meta,
  spec,
  verdict,
}: {
  rule: Rule;
  meta: ExperimentMeta;
  spec: RunSpec;
  verdict: RunVerdict | null;
}) {
  const s = rule.setting!;
  const diffs = settingDifferences(rule, spec);
  const each = Object.entries(s.eachOf ?? {});
  return (
    <>
      {diffs.length > 0 && (
        <ul className="claim-diffs small" data-testid="claim-diffs">
          {diffs.map((d) => (
            <li key={d.param} data-param={d.param}>
              {meta.params[d.param]?.label ?? d.param}: {shown(d.run)} here, {shown(d.check)} in the check
            </li>
          ))}
        </ul>
      )}
      {each.map(([param, values]) => (
        <p key={param} className="small muted">
          The check makes one run for each {meta.params[param]?.label.toLowerCase() ?? param} of {values.join(' and ')};
          this one judges the part of its rule for {shown(spec.params[param])}.
        </p>
      ))}
      {s.beyond && <p className="small muted">{s.beyond}</p>}
      {verdict && verdict.tuned.length > 0 && (
        <p className="small muted">
          Seed{verdict.tuned.length > 1 ? 's' : ''} {list(verdict.tuned)} chose the check's setting: a verdict on{' '}
          {verdict.tuned.length > 1 ? 'them' : 'it'} is not a held-out test.
        </p>
      )}
    </>
  );
}

function StoredPart({ rule }: { rule: Rule }) {
  const r = storedRecord(rule.id);
  if (!r)
    return (
      <div className="claim-record" data-testid="claim-record" data-verdict="not-run">
        <p className="small">
          <strong>Stored result:</strong> not run under the held-out-seed protocol yet
          {rule.gpuOnly ? `: it needs a GPU (${rule.gpuOnly}).` : '.'}
        </p>
      </div>
    );
  const reused = r.seeds.filter((s) => r.tuned.includes(s));
  return (
    <div className="claim-record" data-testid="claim-record" data-verdict={r.verdict}>
      <p className="small">
        <strong>Stored result of the check:</strong>{' '}
        <span className={`claim-badge claim-${r.verdict === 'PASS' ? 'pass' : 'fail'}`}>{r.verdict}</span> on seeds{' '}
        {list(r.seeds)}
        {reused.length ? ` (judged on tuned seeds ${list(reused)})` : ' (held out)'}; {r.date}, {r.adapter}, commit{' '}
        {r.commit}, {r.seconds.toFixed(0)} s.
      </p>
      <p className="claim-line">{r.measured}</p>
    </div>
  );
}
