// The landscape family: what the catalogue lists, in order. Plain data: the runners load on demand.
import type { Family } from '../../experiment.ts';
import { landscapeSlice } from './landscape-slice.experiment.ts';
import { landscapeLmc } from './landscape-lmc.experiment.ts';
import { landscapeIntrinsicDim } from './landscape-intrinsic-dim.experiment.ts';
import { landscapeSharpness } from './landscape-sharpness.experiment.ts';
import { landscapeOutliers } from './landscape-outliers.experiment.ts';
import { landscapeRandomTeacher } from './landscape-random-teacher.experiment.ts';

export const landscapeFamily: Family = {
  id: 'landscape',
  title: 'Loss landscapes',
  summary: 'Slices of the loss surface: interpolations between solutions, random directions, mode connectivity.',
  experiments: [
    landscapeSlice,
    landscapeLmc,
    landscapeIntrinsicDim,
    landscapeSharpness,
    landscapeOutliers,
    landscapeRandomTeacher,
  ],
};
