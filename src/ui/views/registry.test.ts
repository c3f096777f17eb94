import { describe, expect, it } from 'vitest';
import { VIEW_NAMES } from '../../lab/views.ts';
import { CATALOGUE } from '../../lab/catalogue.ts';
import { VIEWS } from './Views.tsx';

// The types already demand a component for every view name; this also catches a component
// registered under a name no experiment can ask for, and a catalogue entry naming a missing view.
describe('the view registry', () => {
  it('has exactly one component per view name', () => {
    expect(Object.keys(VIEWS).sort()).toEqual([...VIEW_NAMES].sort());
    for (const name of VIEW_NAMES) expect(typeof VIEWS[name], name).toBe('function');
  });

  it('draws every view that a catalogue entry names', () => {
    for (const d of CATALOGUE) for (const v of d.views) expect(Object.keys(VIEWS), `${d.id}: ${v}`).toContain(v);
  });
});
