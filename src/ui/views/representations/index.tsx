// The representations family's views, by view name (one file per view).
import { AdversarialPowerLawView } from './AdversarialPowerLawView.tsx';
import { CkaGuidanceView } from './CkaGuidanceView.tsx';

export const REPRESENTATIONS_VIEWS = {
  'adversarial-power-law': AdversarialPowerLawView,
  'cka-guidance': CkaGuidanceView,
};
