import { describe, expect, it } from 'vitest';
import { colorOf, continuousPosition, extentOf, levelsOf, position, type ColorScaleSpec } from './color-scale.ts';
import { indexColor, seriesColor } from './series-colors.ts';

const spec = (s: Partial<ColorScaleSpec>): ColorScaleSpec => ({
  scheme: 'viridis',
  domain: [0, 1],
  label: 'v',
  units: '',
  ...s,
});

describe('position', () => {
  it('maps a linear domain onto [0, 1] and clamps', () => {
    const p = position(spec({ domain: [2, 6] }));
    expect([p(2), p(4), p(6), p(-10), p(10)]).toEqual([0, 0.5, 1, 0, 1]);
  });
  it('maps decades evenly on a log scale and marks non-positive values missing', () => {
    const p = position(spec({ domain: [0.01, 100], log: true }));
    expect(p(1)).toBeCloseTo(0.5, 12);
    expect(p(0.1)).toBeCloseTo(0.25, 12);
    expect(p(0)).toBeNaN();
    expect(p(-1)).toBeNaN();
  });
  it('puts the centre of a diverging scale at the middle, symmetric in distance', () => {
    const p = position(spec({ scheme: 'rdbu', domain: [-1, 3], center: 0 }));
    expect(p(0)).toBe(0.5);
    expect(p(3)).toBe(1);
    expect(p(-3)).toBe(0);
    expect(p(-1)).toBeCloseTo(1 / 3, 12);
  });
  it('reverses, and marks NaN missing', () => {
    const p = position(spec({ reverse: true }));
    expect(p(0.25)).toBe(0.75);
    expect(p(NaN)).toBeNaN();
    expect(colorOf(spec({}))(NaN)).toBe('#8a8a8a');
  });
});

describe('levels (a stepped scale)', () => {
  it('spaces boundaries evenly in log space on a log scale', () => {
    const l = levelsOf([0.01, 100], 4, true);
    expect(l.map((v) => Math.log10(v))).toEqual([-2, -1, 0, 1, 2].map((v) => expect.closeTo(v, 12)));
    expect(levelsOf([0, 1], 2)).toEqual([0, 0.5, 1]);
  });
  it('gives every value of a band the colour of its middle; the legend keeps the smooth position', () => {
    const s = spec({ domain: [0, 1], levels: [0, 0.5, 1] });
    const p = position(s);
    expect([p(0), p(0.2), p(0.49), p(0.5), p(0.9), p(1), p(2)]).toEqual([0.25, 0.25, 0.25, 0.75, 0.75, 0.75, 0.75]);
    expect(continuousPosition(s)(0.2)).toBeCloseTo(0.2, 12);
    expect(colorOf(s)(0.1)).toBe(colorOf(s)(0.4));
    expect(colorOf(s)(0.1)).not.toBe(colorOf(s)(0.6));
  });
});

describe('extentOf', () => {
  it('ignores non-finite values, and non-positive ones on a log scale', () => {
    expect(extentOf([3, NaN, -2, Infinity, 5])).toEqual([-2, 5]);
    expect(extentOf([0, -1, 0.5, 4], true)).toEqual([0.5, 4]);
  });
  it('widens a flat range so a scale has two ends', () => {
    expect(extentOf([2, 2])).toEqual([1.5, 2.5]);
    expect(extentOf([])).toEqual([0, 1]);
  });
});

describe('seriesColor', () => {
  it('gives a name one colour whatever else is drawn, train and test distinct', () => {
    expect(seriesColor('train')).toBe(seriesColor('Train'));
    expect(seriesColor('train')).not.toBe(seriesColor('test'));
    expect(seriesColor('some layer')).toBe(seriesColor('some layer'));
    expect(seriesColor('ERK')).toBe(seriesColor('erk'));
    expect(indexColor(-1)).toBe(indexColor(9));
  });
});
