// The representations family's views, by view name (one file per view).
import { ActivationPatternsView } from './ActivationPatternsView.tsx';
import { AdversarialPowerLawView } from './AdversarialPowerLawView.tsx';
import { ConvergentLearningView } from './ConvergentLearningView.tsx';
import { RelativeRepresentationsView } from './RelativeRepresentationsView.tsx';
import { CkaGuidanceView } from './CkaGuidanceView.tsx';
import { CodebookFeaturesView } from './CodebookFeaturesView.tsx';
import { RichFeaturesView } from './RichFeaturesView.tsx';

export const REPRESENTATIONS_VIEWS = {
  'adversarial-power-law': AdversarialPowerLawView,
  'convergent-learning': ConvergentLearningView,
  'activation-patterns': ActivationPatternsView,
  'relative-representations': RelativeRepresentationsView,
  'cka-guidance': CkaGuidanceView,
  'codebook-features': CodebookFeaturesView,
  'rich-features': RichFeaturesView,
};
