import { describe, expect, it } from 'vitest';
import { CATALOGUE, defaultSpec, metaById } from '../../catalogue.ts';
import type { RunSpec } from '../../experiment.ts';
import { isValidParam } from '../../spec-codec.ts';
import { staticInputs } from '../../import-graph.ts';
import { evaluateRun, settingDifferences, settingPreset, settingSpec } from '../evaluate.ts';
import type { Rule, RunData } from '../rule.ts';
import { RULE_FAMILIES, rulesFor } from './index.ts';
import { modularGrokking, xorBenign } from './lazy-rich.ts';
import { edgeOfStability, sliceMinimum } from './landscape.ts';
import { lotteryTicket } from './pruning.ts';

const all: Rule[] = RULE_FAMILIES.flatMap((f) => f.rules);

/** An XOR run as the run store keeps it: points logged at step + 1. */
function xorRun(spec: RunSpec, points: Array<[number, number, number, number]>): RunData {
  const series = (k: number) => ({ steps: points.map((p) => p[0] + 1), values: points.map((p) => p[k]) });
  return {
    spec,
    metrics: { 'train/accuracy': series(1), 'train/flipped-fit': series(2), 'test/accuracy': series(3) },
    summary: { finalTest: points.at(-1)![3] },
  };
}

describe('the paper-check rules', () => {
  it('are listed once each, with a paper claim, a rule and held-out seeds', () => {
    const ids = all.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const r of all) {
      expect(r.paper.length, r.id).toBeGreaterThan(40);
      expect(r.claim.length, r.id).toBeGreaterThan(r.paper.length / 2);
      expect(r.seeds.judged.length, r.id).toBeGreaterThan(0);
      expect(Boolean(r.setting && r.measure) || Boolean(r.unmeasured), `${r.id} is measured or says why not`).toBe(
        true,
      );
    }
  });

  it('declare settings that are complete, valid parameter sets of a catalogue experiment', () => {
    for (const r of all.filter((x) => x.setting)) {
      const s = r.setting!;
      const meta = metaById(s.experiment);
      expect(meta, `${r.id} names ${s.experiment}`).toBeDefined();
      // Every parameter, so that retuning a default never moves a check's setting.
      expect(Object.keys(s.params).sort(), r.id).toEqual(Object.keys(meta!.params).sort());
      for (const [k, v] of Object.entries(s.params))
        expect(isValidParam(meta!.params[k], v), `${r.id}.${k} = ${v}`).toBe(true);
      for (const [k, vs] of Object.entries(s.eachOf ?? {}))
        for (const v of vs) expect(isValidParam(meta!.params[k], v), `${r.id} each ${k} = ${v}`).toBe(true);
      if (s.seedsParam) expect(meta!.params[s.seedsParam]?.kind, r.id).toBe('int');
      expect(meta!.validate?.(s.params) ?? [], r.id).toEqual([]);
    }
  });

  it("are the checks verify runs, in verify's order", async () => {
    const modules = {
      engine: () => import('../engine.ts'),
      pruning: () => import('../pruning.ts'),
      'lazy-rich': () => import('../lazy-rich.ts'),
      landscape: () => import('../landscape.ts'),
      attention: () => import('../attention.ts'),
      kernels: () => import('../kernels.ts'),
      data: () => import('../data.ts'),
      representations: () => import('../representations.ts'),
    } as Record<string, () => Promise<{ checks: Rule[] }>>;
    for (const f of RULE_FAMILIES) {
      const { checks } = await modules[f.id]();
      expect(
        checks.map((c) => [c.id, c.claim]),
        f.id,
      ).toEqual(f.rules.map((r) => [r.id, r.claim]));
    }
  });

  it('load no GPU code, so the experiment page can judge runs with them', async () => {
    for (const entry of ['src/lab/checks/rules/index.ts', 'src/lab/checks/evaluate.ts', 'src/lab/checks/report.ts']) {
      const inputs = await staticInputs(entry);
      expect(inputs).toContain(entry);
      expect(
        inputs.filter((i) => i.includes('src/gpu/') || i.endsWith('.wgsl')),
        entry,
      ).toEqual([]);
    }
  }, 30_000);

  it('are each shown on one experiment page, and every experiment shows its checks', () => {
    expect(rulesFor('pointer-network').map((r) => r.id)).toEqual(['pointer-sort-length-10', 'pointer-hull']);
    expect(rulesFor('landscape-outliers').map((r) => r.id)).toEqual(['opposing-signals-anticorrelated']);
    const shown = CATALOGUE.flatMap((d) => rulesFor(d.id).map((r) => r.id));
    expect(shown.sort()).toEqual(all.map((r) => r.id).sort());
    for (const d of CATALOGUE) expect(rulesFor(d.id).length, d.id).toBeGreaterThan(0);
  });
});

describe('a run judged by a rule', () => {
  const xorSpec = { ...defaultSpec(metaById('xor-benign-overfitting')!, 4), params: { ...xorBenign.setting!.params } };
  // Step 1 fits every label with test at chance; test rises to 97% by step 300 and the flipped labels stay fitted.
  const good: Array<[number, number, number, number]> = [
    [0, 0.5, 0, 0.5],
    [1, 1, 1, 0.52],
    [40, 1, 1, 0.9],
    [300, 1, 1, 0.97],
  ];

  it("is judged by the rule's own judge on what its measure reads, at the check's setting", () => {
    const v = evaluateRun(xorBenign, xorRun(xorSpec, good));
    expect(v).toMatchObject({ differences: [], atSetting: true, seeds: [4], scope: 'one', tuned: [] });
    const m = xorBenign.measure!(xorRun(xorSpec, good))!;
    expect(v.result).toEqual(xorBenign.judge([m[0].m], [4]));
    expect(v.result).toMatchObject({ pass: true });
    expect(v.result!.measured).toContain('s4: step 1 train 100.0% test 52.0%');
  });

  it('fails a run that breaks the rule, and names the parameters off the setting', () => {
    const unfitted = good.map(([s, tr, , te]) => [s, tr, s === 40 ? 0.9 : 1, te] as [number, number, number, number]);
    const spec = { ...xorSpec, seed: 2, params: { ...xorSpec.params, steps: 60, dim: 800 } };
    const v = evaluateRun(xorBenign, xorRun(spec, unfitted));
    expect(v.result).toMatchObject({ pass: false });
    expect(v.result!.measured).toContain('flipped un-fitted');
    expect(v.atSetting).toBe(false);
    expect(v.tuned).toEqual([2]);
    expect(v.differences).toEqual([
      { param: 'dim', run: 800, check: 2000 },
      { param: 'steps', run: 60, check: 300 },
    ]);
  });

  it('has no verdict before the run has what the rule measures', () => {
    const run = xorRun(xorSpec, good);
    expect(evaluateRun(xorBenign, { ...run, summary: null }).result).toBeNull();
  });

  it('accepts any value a check runs one run of each (a control arm, a second rate)', () => {
    const spec = (experiment: string, params: Record<string, unknown>): RunSpec =>
      ({ version: 1, experiment, seed: 7, params }) as RunSpec;
    const wd0 = { ...modularGrokking.setting!.params, weightDecay: 0 };
    expect(settingDifferences(modularGrokking, spec('grokking-modular', wd0))).toEqual([]);
    const lr = { ...edgeOfStability.setting!.params, lr: 0.8 };
    expect(settingDifferences(edgeOfStability, spec('landscape-sharpness', lr))).toEqual([]);
    expect(settingDifferences(edgeOfStability, spec('landscape-sharpness', { ...lr, lr: 0.7 }))).toEqual([
      { param: 'lr', run: 0.7, check: 0.6 },
    ]);
  });

  it('judges a run of several seeds on all of them together, and says what no parameter says', () => {
    // Seeds 4 and 5 of a lottery-ticket run: per round r, accuracy 0.9 + r/1000 (seed 5: + 0.002); reinit after the last round.
    const series = (values: number[]) => ({ steps: values.map((_, r) => r), values });
    const metrics: Record<string, { steps: number[]; values: number[] }> = {
      remaining: series([1, 0.6, 0.4, 0.25, 0.16, 0.108]),
    };
    for (const [seed, off] of [
      [4, 0],
      [5, 0.002],
    ]) {
      metrics[`acc/ticket/s${seed}`] = series([0, 1, 2, 3, 4, 5].map((r) => 0.9 + r / 1000 + off));
      metrics[`es/ticket/s${seed}`] = series([600, 500, 500, 400, 400, 450]);
      metrics[`acc/reinit/s${seed}`] = { steps: [5], values: [0.88 + off] };
      metrics[`es/reinit/s${seed}`] = { steps: [5], values: [300] };
    }
    const spec = { ...settingSpec(lotteryTicket)!, params: { ...lotteryTicket.setting!.params, seeds: 2 } };
    const v = evaluateRun(lotteryTicket, { spec, metrics, summary: { seeds: 2, steps: 1000, rounds: 5 } });
    expect(v).toMatchObject({ differences: [], atSetting: false, seeds: [4, 5], scope: 'some' });
    expect(v.result).toEqual(
      lotteryTicket.judge(
        [0, 0.002].map((off) => ({
          dense: 0.9 + off,
          ticket: 0.905 + off,
          reinit: 0.88 + off,
          esDense: 600,
          esTicket: 450,
          esReinit: 300,
          remaining: 0.108,
          steps: 1000,
        })),
        [4, 5],
      ),
    );
    expect(v.result!.measured).toContain('at 10.8% remaining: ticket 90.60±0.14%');
  });

  it("reads the slice check's plane from the run's loss heatmap, only for random directions", () => {
    const res = 15;
    // A bowl whose lowest cell is one column right of the centre.
    const data = Float32Array.from(
      { length: res * res },
      (_, i) => ((i % res) - 8) ** 2 + (Math.floor(i / res) - 7) ** 2,
    );
    const spec = settingSpec(sliceMinimum)!;
    const run: RunData = {
      spec,
      metrics: {},
      summary: { planeSeconds: 3 },
      snapshots: { 'plane/loss': { shape: [res, res], data } },
    };
    const v = evaluateRun(sliceMinimum, run);
    expect(v.result).toMatchObject({ pass: true });
    expect(v.result!.measured).toBe(
      `seed 7: min 0.0000 at cell offset (1, 0), trained 1.0000, corner max 113.00; shifted control: not drawn; 225 points in 3.0 s`,
    );
    const far = Float32Array.from(data, (_, i) => ((i % res) - 10) ** 2);
    expect(
      evaluateRun(sliceMinimum, { ...run, snapshots: { 'plane/loss': { shape: [res, res], data: far } } }).result,
    ).toMatchObject({ pass: false });
    const pca = { ...spec, params: { ...spec.params, directions: 'pca' } };
    expect(evaluateRun(sliceMinimum, { ...run, spec: pca }).result).toBeNull();
  });

  it('links the setting, and the preset that is the setting where there is one', () => {
    expect(settingSpec(lotteryTicket)).toMatchObject({ experiment: 'lottery-ticket', seed: 4, params: { seeds: 3 } });
    expect(settingPreset(lotteryTicket, metaById('lottery-ticket')!)?.label).toMatch(/paper check/);
    expect(settingPreset(xorBenign, metaById('xor-benign-overfitting')!)).toBeUndefined();
  });
});
