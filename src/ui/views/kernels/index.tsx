// The kernels family's views, by view name (one file per view).
import { NtkDepthView } from './NtkDepthView.tsx';
import { BandFitView } from './BandFitView.tsx';
import { BandMapView } from './BandMapView.tsx';
import { BandWidthView } from './BandWidthView.tsx';
import { InductiveBiasView } from './InductiveBiasView.tsx';
import { PatchKernelsView } from './PatchKernelsView.tsx';
import { RfRidgeView } from './RfRidgeView.tsx';
import { SnnkView } from './SnnkView.tsx';

export const KERNELS_VIEWS = {
  'rf-ridge': RfRidgeView,
  'ntk-depth': NtkDepthView,
  'band-fit': BandFitView,
  'band-width': BandWidthView,
  'band-map': BandMapView,
  snnk: SnnkView,
  'inductive-bias': InductiveBiasView,
  'patch-kernels': PatchKernelsView,
};
