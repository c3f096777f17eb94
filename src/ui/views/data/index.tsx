// The data-centric family's views, by view name (one file per view).
import { DataDistillAccuracyView } from './DataDistillAccuracyView.tsx';
import { DataDistillImagesView } from './DataDistillImagesView.tsx';
import { DataGalleryView } from './DataGalleryView.tsx';
import { DataPruningView } from './DataPruningView.tsx';
import { DataRs2View } from './DataRs2View.tsx';
import { DataScoresView } from './DataScoresView.tsx';
import { TrajectoryImagesView } from './TrajectoryImagesView.tsx';
import { TrajectoryMatchingView } from './TrajectoryMatchingView.tsx';
import { ElrMemorizationView } from './ElrMemorizationView.tsx';

export const DATA_VIEWS = {
  'data-pruning': DataPruningView,
  'data-scores': DataScoresView,
  'data-gallery': DataGalleryView,
  'data-rs2': DataRs2View,
  'trajectory-images': TrajectoryImagesView,
  'trajectory-matching': TrajectoryMatchingView,
  'elr-memorization': ElrMemorizationView,
  'data-distill-images': DataDistillImagesView,
  'data-distill-accuracy': DataDistillAccuracyView,
};
