// The widths at which the layout changes; styles.css uses the same numbers in its @media rules.
import { useSyncExternalStore } from 'react';

/** Phones and small tablets: one column, the parameters folded away, the catalogue in a drawer. */
export const PHONE = '(max-width: 860px)';
/** Below this the catalogue is a drawer over the page instead of a column beside it. */
export const DRAWER_NAV = '(max-width: 1199px)';

/** Whether a media query matches now; re-renders when it starts or stops matching. */
export function useMedia(query: string): boolean {
  return useSyncExternalStore(
    (changed) => {
      const m = matchMedia(query);
      m.addEventListener('change', changed);
      return () => m.removeEventListener('change', changed);
    },
    () => matchMedia(query).matches,
  );
}
