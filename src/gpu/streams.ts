/**
 * Philox stream ids by purpose. One run seed feeds every random draw; giving each purpose its own
 * block of streams keeps draws independent (parameter 3's init never equals epoch 3's shuffle).
 */
const block = 2 ** 32;

export const streams = {
  /** Initial value of the model's k-th parameter tensor. */
  init: (k: number): number => 1 * block + k,
  /** Data order of epoch e. */
  shuffle: (epoch: number): number => 2 * block + epoch,
  /** Subset selection, label noise and other one-off draws of the data. */
  data: (k: number): number => 3 * block + k,
  /** Dropout and other per-step noise: step s, site k. */
  noise: (step: number, site: number): number => 4 * block + step * 64 + site,
  /** Per-epoch subset draws (RS2): the pool's permutation of sampling round r. */
  subset: (round: number): number => 5 * block + round,
};
