import type { ReactNode } from 'react';
import type { RunRecord } from '../history/types.ts';

/**
 * A view draws one run (or, before any run, says what it will show). While the run is active,
 * `upcoming` says when its next results are due (e.g. "after round 1 (in 1,200 steps, ~40 s at the
 * current rate)", see upcoming.ts), for a view's empty state; null when the run names none.
 */
export type ViewComponent = (props: { run: RunRecord | null; upcoming?: string | null }) => ReactNode;
