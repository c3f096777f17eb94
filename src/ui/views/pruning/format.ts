/** A fraction as a percentage with one decimal, as every pruning view prints densities and accuracies. */
export const pct = (v: number) => `${(v * 100).toFixed(1)}%`;
