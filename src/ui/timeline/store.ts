import { create } from 'zustand';

interface Timeline {
  /**
   * The scrubbed run clock of the run on screen: null follows the run as it grows (the live edge);
   * a number replays every view of the page at that clock.
   */
  at: number | null;
  /** Replay advances `at` through the run's stops until it reaches the live edge. */
  playing: boolean;
}

export const useTimeline = create<Timeline>()(() => ({ at: null, playing: false }));

export function scrubTo(at: number | null): void {
  useTimeline.setState({ at, playing: false });
}
