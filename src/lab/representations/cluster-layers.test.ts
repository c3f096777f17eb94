import { describe, expect, it } from 'vitest';
import { clusterLayers } from './cluster-layers.ts';

describe('clusterLayers', () => {
  it('reads each layer of the trained pair with the control where it has reached the layer', () => {
    const m = (steps: number[], values: number[]) => ({ steps, values });
    const layers = clusterLayers({
      'clusters/within trained': m([1, 2], [0.3, 0.4]),
      'clusters/across trained': m([1, 2], [0.1, 0.2]),
      'clusters/mixed trained': m([1, 2], [1, 0.875]),
      'clusters/within shuffled': m([1], [0.03]),
      'clusters/across shuffled': m([1], [0.02]),
      'clusters/mixed shuffled': m([1], [0.25]),
    });
    expect(layers).toEqual([
      {
        step: 1,
        trained: { within: 0.3, across: 0.1, mixed: 1 },
        shuffled: { within: 0.03, across: 0.02, mixed: 0.25 },
      },
      {
        step: 2,
        trained: { within: 0.4, across: 0.2, mixed: 0.875 },
        shuffled: { within: NaN, across: NaN, mixed: NaN },
      },
    ]);
    expect(clusterLayers({})).toEqual([]);
  });
});
