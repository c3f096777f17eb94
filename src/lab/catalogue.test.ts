import { describe, expect, it } from 'vitest';
import { CATALOGUE, FAMILIES } from './catalogue.ts';
import { nameMatcher } from './declare.ts';
import { VIEW_NAMES } from './views.ts';
import { staticInputs } from './import-graph.ts';

describe('the catalogue', () => {
  it('lists each experiment once, in its own family, with views the UI knows', () => {
    const ids = CATALOGUE.map((d) => d.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const f of FAMILIES) for (const d of f.experiments) expect(d.family, d.id).toBe(f.id);
    for (const d of CATALOGUE) {
      expect(d.views.length, d.id).toBeGreaterThan(0);
      for (const v of d.views) expect(VIEW_NAMES, `${d.id} names view ${v}`).toContain(v);
    }
  });

  it('proposes at most one larger setting for a real GPU per experiment', () => {
    for (const d of CATALOGUE) expect((d.presets ?? []).filter((p) => p.gpu).length, d.id).toBeLessThanOrEqual(1);
  });

  it('puts log-scale parameters on a positive range (a log slider cannot reach 0)', () => {
    for (const d of CATALOGUE)
      for (const [name, p] of Object.entries(d.params))
        if (p.kind === 'number' && p.log) expect(p.min, `${d.id}.${name}`).toBeGreaterThan(0);
  });

  it('declares metric and snapshot names that say something (no bare wildcard)', () => {
    for (const d of CATALOGUE)
      for (const p of [...d.metrics, ...d.snapshots]) expect(p.replace(/\{[^}]*\}/g, ''), `${d.id}: ${p}`).not.toBe('');
  });

  it('gives every experiment a runner of its own id', async () => {
    for (const d of CATALOGUE) {
      const run = await d.load();
      expect(run.id, `${d.id} loads a runner`).toBe(d.id);
      expect(typeof run.run).toBe('function');
    }
  });

  it("declares names that a run's events can be held to", () => {
    const match = nameMatcher(['acc/{arm}/{rep}', 'barrier']);
    expect(match('acc/ticket/s1')).toBe(true);
    expect(match('acc/ticket')).toBe(false);
    expect(match('barrier')).toBe(true);
    expect(match('barriers')).toBe(false);
    expect(nameMatcher(['norm/{layer}'])('norm/fc1.weight')).toBe(true);
    expect(nameMatcher(['a.b'])('axb')).toBe(false);
  });

  it('keeps GPU code out of what the UI thread loads (runners are dynamic imports)', async () => {
    const inputs = await staticInputs('src/lab/catalogue.ts');
    expect(inputs.some((i) => i.includes('src/lab/experiments/'))).toBe(true);
    expect(inputs.filter((i) => i.includes('src/gpu/') || i.endsWith('.wgsl'))).toEqual([]);
  });
});
