// The kernels family's views, by view name (one file per view).
import { NtkDepthView } from './NtkDepthView.tsx';
import { RfRidgeView } from './RfRidgeView.tsx';

export const KERNELS_VIEWS = {
  'rf-ridge': RfRidgeView,
  'ntk-depth': NtkDepthView,
};
