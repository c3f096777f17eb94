import type { Series } from '../../history/types.ts';

/**
 * The sweep tags of a run's series named `${prefix}${tag}` (" α=2", " wd=0.1" …) in ascending order
 * of their value, or [''] for a run of one value (its series carry no tag).
 */
export function sweepTags(m: Record<string, Series>, prefix: string): string[] {
  const out = Object.keys(m)
    .filter((k) => k.startsWith(prefix))
    .map((k) => k.slice(prefix.length));
  const value = (t: string) => parseFloat(t.replace(/[^0-9.e-]/g, ''));
  return out.length > 0 ? out.sort((a, b) => value(a) - value(b)) : [''];
}
