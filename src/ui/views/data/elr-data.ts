// The ELR run's curves per loss (elr.ts): over epochs, the shares (%) of the flipped examples
// predicted as their true label and as their wrong training label, and the test accuracy (%).
import type { RunRecord } from '../../history/types.ts';

export type ElrLossName = 'ce' | 'elr';

export interface ElrCurves {
  loss: ElrLossName;
  epochs: number[];
  truth: number[];
  memorized: number[];
  test: number[];
}

/** A series' points, or none (a run cut by the scrubber keeps its series' names with no points yet). */
function series(run: RunRecord | null, name: string): { steps: number[]; values: number[] } {
  const s = run?.metrics[name];
  return { steps: s ? [...s.steps] : [], values: s ? [...s.values] : [] };
}

/** The three series of `loss`, cut to the epochs all three have reached. */
export function elrCurves(run: RunRecord | null, loss: ElrLossName): ElrCurves {
  const [truth, memorized, test] = [`fit/${loss}/truth`, `fit/${loss}/memorized`, `test/${loss}`].map((n) =>
    series(run, n),
  );
  const n = Math.min(truth.steps.length, memorized.steps.length, test.steps.length);
  return {
    loss,
    epochs: truth.steps.slice(0, n),
    truth: truth.values.slice(0, n),
    memorized: memorized.values.slice(0, n),
    test: test.values.slice(0, n),
  };
}
