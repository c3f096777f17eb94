// The examples a landscape run trains and scores on, from the dataset its spec names.
import type { RunContext } from '../../experiment.ts';
import { landscapeData, type LandscapeData } from '../../landscape/data.ts';

export async function loadLandscapeData(
  ctx: RunContext,
  spec: { seed: number; params: { dataset: string } },
  sizes: { train: number; eval: number; test: number },
): Promise<LandscapeData> {
  const data = await ctx.dataset(spec.params.dataset);
  return landscapeData(ctx.gpu, data, sizes, spec.seed);
}
