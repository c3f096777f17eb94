// The two kinds of expert trajectory-matching compares, and the sets it evaluates, with their
// labels and fixed colours: plain red, smoothed purple and the random real control in the
// "random" colour every control of the lab has, on every chart of both views.
import { indexColor, seriesColor } from '../../charts/series-colors.ts';

export const KINDS = ['plain', 'smoothed'] as const;
export type Kind = (typeof KINDS)[number];

export const KIND_LABELS: Record<Kind, string> = { plain: 'plain experts', smoothed: 'smoothed experts (AST)' };
export const KIND_COLORS: Record<Kind, string> = { plain: indexColor(2), smoothed: indexColor(6) };

/** The evaluated sets, control first. */
export const SETS = [
  { key: 'random', label: 'random real (control)', color: seriesColor('random') },
  { key: 'plain', label: 'distilled, plain', color: KIND_COLORS.plain },
  { key: 'smoothed', label: 'distilled, smoothed', color: KIND_COLORS.smoothed },
] as const;
