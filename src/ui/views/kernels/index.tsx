// The kernels family's views, by view name (one file per view).
import { PatchKernelsView } from './PatchKernelsView.tsx';
import { RfRidgeView } from './RfRidgeView.tsx';

export const KERNELS_VIEWS = {
  'rf-ridge': RfRidgeView,
  'patch-kernels': PatchKernelsView,
};
