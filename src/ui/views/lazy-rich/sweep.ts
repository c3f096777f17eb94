// The series of a sweep (one per α or weight decay, named with a tag such as " α=2") as chart lines.
import type { Series } from '../../history/types.ts';
import type { Line } from '../LineChart.tsx';
import { quantityColor, shade, type Quantity } from './colors.ts';

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

/**
 * Series named `${prefix}${tag}` for every tag (one per swept value), in the colour of what they
 * measure, fainter for the smaller values.
 */
export function sweepLines(
  m: Record<string, Series>,
  prefix: string,
  label: string,
  q: Quantity,
  tags: string[],
  dashed = false,
): Line[] {
  return tags.flatMap((tag, i) => {
    const s = m[prefix + tag];
    return s
      ? [
          {
            key: prefix + tag,
            label: `${label}${tag}`,
            color: shade(quantityColor(q), i, tags.length),
            steps: s.steps,
            values: s.values,
            dashed,
          },
        ]
      : [];
  });
}
