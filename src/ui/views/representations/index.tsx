// The representations family's views, by view name (one file per view).
import { AdversarialPowerLawView } from './AdversarialPowerLawView.tsx';
import { RelativeRepresentationsView } from './RelativeRepresentationsView.tsx';

export const REPRESENTATIONS_VIEWS = {
  'adversarial-power-law': AdversarialPowerLawView,
  'relative-representations': RelativeRepresentationsView,
};
