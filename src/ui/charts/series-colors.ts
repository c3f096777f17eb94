// One colour per series name, the same in every chart of a page and on the runs page: a colour
// never depends on which other series happen to be drawn next to it.
import * as d3 from 'd3';

const PALETTE: readonly string[] = d3.schemeTableau10;

/**
 * Names the family views share, with fixed colours: train is always blue and test always orange,
 * a pruning method or an optimizer keeps its colour from chart to chart.
 */
const NAMED: Record<string, number> = {
  train: 0,
  test: 1,
  ticket: 2,
  imp: 2,
  reinit: 3,
  random: 4,
  erk: 5,
  uniform: 6,
  snip: 7,
  synflow: 8,
  grasp: 9,
  dense: 9,
  sgd: 0,
  gd: 0,
  adam: 1,
  lazy: 5,
  rich: 3,
  // The 1-D landscape curves: loss and error along a line, on their own axes.
  loss: 2,
  error: 4,
  // Activations of the deep-NTK view (their hashes collide: relu and sin).
  relu: 0,
  erf: 6,
  sin: 1,
  // Model families compared on one chart (adversarial power laws, SNNK, random features): the
  // hashes of mlp and cnn land on two near pinks.
  linear: 8,
  mlp: 3,
  cnn: 2,
  // The data family's samplers (RS2 and its baselines): the hashes of rs2 and el2n collide.
  rs2: 1,
  el2n: 6,
  full: 0,
  // Label noise (ELR): fitted to the true label green, memorized red; the CE control grey.
  'true label': 4,
  memorized: 2,
  'cross-entropy': 9,
  elr: 0,
};

/** FNV-1a: a stable hash, so an unknown name gets the same colour in every session. */
function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** The colour of a series by its name (case-insensitive); unknown names hash into the palette. */
export function seriesColor(name: string): string {
  const key = name.toLowerCase();
  return PALETTE[NAMED[key] ?? hash(key) % PALETTE.length];
}

/** The colour of the i-th member of an ordered family (layers, heads, widths). */
export function indexColor(i: number): string {
  return PALETTE[((i % PALETTE.length) + PALETTE.length) % PALETTE.length];
}
