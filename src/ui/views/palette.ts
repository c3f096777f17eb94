import * as d3 from 'd3';

export const COLORS: readonly string[] = d3.schemeTableau10;

export function color(i: number): string {
  return COLORS[i % COLORS.length];
}
