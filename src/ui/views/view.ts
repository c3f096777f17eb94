import type { ReactNode } from 'react';
import type { RunRecord } from '../history/types.ts';

/** A view draws one run (or, before any run, says what it will show). */
export type ViewComponent = (props: { run: RunRecord | null }) => ReactNode;
