// The data-centric family's views, by view name (one file per view).
import { DataGalleryView } from './DataGalleryView.tsx';
import { DataPruningView } from './DataPruningView.tsx';
import { DataScoresView } from './DataScoresView.tsx';
import { ElrMemorizationView } from './ElrMemorizationView.tsx';

export const DATA_VIEWS = {
  'data-pruning': DataPruningView,
  'data-scores': DataScoresView,
  'data-gallery': DataGalleryView,
  'elr-memorization': ElrMemorizationView,
};
