// A run's colour belongs to the run: its place in the stored list by start time (oldest first) picks
// the palette entry, so selecting, filtering or grouping other runs never recolours it, and runs
// started one after another get different colours.
import { color } from '../views/palette.ts';

export function runColors(runs: readonly { id: string; startedAt: number }[]): Map<string, string> {
  const order = [...runs].sort((a, b) => a.startedAt - b.startedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return new Map(order.map((r, i) => [r.id, color(i)]));
}
