// The representations family's views, by view name (one file per view).
import { AdversarialPowerLawView } from './AdversarialPowerLawView.tsx';
import { ConvergentLearningView } from './ConvergentLearningView.tsx';

export const REPRESENTATIONS_VIEWS = {
  'adversarial-power-law': AdversarialPowerLawView,
  'convergent-learning': ConvergentLearningView,
};
