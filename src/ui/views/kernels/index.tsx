// The kernels family's views, by view name (one file per view).
import { InductiveBiasView } from './InductiveBiasView.tsx';
import { RfRidgeView } from './RfRidgeView.tsx';

export const KERNELS_VIEWS = {
  'rf-ridge': RfRidgeView,
  'inductive-bias': InductiveBiasView,
};
