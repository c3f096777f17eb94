// The attention family's views, by the view names their experiments declare.
import { ActivationSparsityView } from './ActivationSparsity.tsx';
import { AttentionView } from './AttentionView.tsx';
import { PfnView } from './PfnView.tsx';
import { POINTER_VIEWS } from './PointerView.tsx';
import { RandomFeaturesView } from './RandomFeatures.tsx';

export const ATTENTION_VIEWS = {
  attention: AttentionView,
  'activation-sparsity': ActivationSparsityView,
  ...POINTER_VIEWS,
  pfn: PfnView,
  'random-features': RandomFeaturesView,
};
