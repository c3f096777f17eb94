// The data-centric family's views, by view name (one file per view).
import { DataDistillAccuracyView } from './DataDistillAccuracyView.tsx';
import { DataDistillImagesView } from './DataDistillImagesView.tsx';
import { DataGalleryView } from './DataGalleryView.tsx';
import { DataPruningView } from './DataPruningView.tsx';
import { DataScoresView } from './DataScoresView.tsx';

export const DATA_VIEWS = {
  'data-pruning': DataPruningView,
  'data-scores': DataScoresView,
  'data-gallery': DataGalleryView,
  'data-distill-images': DataDistillImagesView,
  'data-distill-accuracy': DataDistillAccuracyView,
};
