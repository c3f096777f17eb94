/**
 * Time-to-accuracy, the RS2 paper's score of a sampler: the steps a training needs before its
 * test accuracy first reaches a target. Here the target is the accuracy the static random subset
 * ends at, so each curve says how soon it does what the static subset does with the whole budget.
 */

/** The first of `steps` at which `values` reaches `target`; null where it never does. */
export function stepsToReach(steps: readonly number[], values: readonly number[], target: number): number | null {
  const i = values.findIndex((v) => v >= target);
  return i >= 0 ? steps[i] : null;
}
