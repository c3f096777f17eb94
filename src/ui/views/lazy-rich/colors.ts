// Colours of the lazy-rich family's series, keyed by what a series measures, so that a quantity
// looks the same on every chart of a page: train and test come from seriesColor (blue, orange);
// the family's other quantities get fixed palette entries that are neither of those.
import * as d3 from 'd3';
import { indexColor, seriesColor } from '../../charts/series-colors.ts';

const QUANTITY = {
  train: seriesColor('train'),
  test: seriesColor('test'),
  /** Labels the net was told wrongly and fits anyway (benign overfitting). */
  flipped: indexColor(2),
  'weight change': indexColor(4),
  'kernel change': indexColor(6),
  alignment: indexColor(8),
  delay: indexColor(3),
  /** References the net is compared with: its linearized twin and kernel regression at init. */
  twin: indexColor(9),
  k0: indexColor(2),
} as const;

export type Quantity = keyof typeof QUANTITY;

export const quantityColor = (q: Quantity): string => QUANTITY[q];

/**
 * The colour of member i of n of a sweep (α values, weight decays, widths): the quantity's own
 * colour, fainter for the smaller values. Opacity, not lightness, so it reads on light and dark
 * backgrounds alike, and the hue keeps saying which quantity it is.
 */
export function shade(color: string, i: number, n: number): string {
  if (n <= 1) return color;
  const c = d3.color(color);
  if (!c) return color;
  c.opacity = 0.45 + (0.55 * i) / (n - 1);
  return c.formatRgb();
}
