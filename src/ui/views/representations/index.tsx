// The representations family's views, by view name (one file per view).
import { AdversarialPowerLawView } from './AdversarialPowerLawView.tsx';
import { CodebookFeaturesView } from './CodebookFeaturesView.tsx';

export const REPRESENTATIONS_VIEWS = {
  'adversarial-power-law': AdversarialPowerLawView,
  'codebook-features': CodebookFeaturesView,
};
