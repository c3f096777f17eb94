// Colour scales for heatmaps: what a colour means (quantity, units, linear or log) travels with the
// scale, so every heatmap can draw its legend from the same object it paints with.
import * as d3 from 'd3';

export type Scheme = 'viridis' | 'magma' | 'blues' | 'orrd' | 'greys' | 'rdbu';

export interface ColorScaleSpec {
  scheme: Scheme;
  /** [low, high] in data units; values outside are clamped. A log scale needs low > 0. */
  domain: readonly [number, number];
  log?: boolean;
  /** Diverging schemes (rdbu) put this value at the neutral middle colour. */
  center?: number;
  /** Reverse the scheme, e.g. so that "high loss" is dark. */
  reverse?: boolean;
  /** What the colour measures, e.g. "survival" or "attention weight". */
  label: string;
  /** Its units, e.g. "fraction of seeds", "nats"; '' only for pure numbers (say so in label). */
  units: string;
  /**
   * A stepped scale (filled contours): ascending boundaries; every value between two of them gets
   * the colour of that band's middle, and the legend draws the same bands.
   */
  levels?: readonly number[];
}

const INTERPOLATORS: Record<Scheme, (t: number) => string> = {
  viridis: d3.interpolateViridis,
  magma: d3.interpolateMagma,
  blues: d3.interpolateBlues,
  orrd: d3.interpolateOrRd,
  greys: (t) => d3.interpolateGreys(1 - t),
  // Red for high, blue for low: RdBu runs red → blue, so it is read backwards.
  rdbu: (t) => d3.interpolateRdBu(1 - t),
};

/**
 * Where a value falls in [0, 1] along the scale (clamped); NaN for non-finite or, on a log scale,
 * ≤ 0 values. A stepped scale puts every value of a band at the band's middle.
 */
export function position(spec: ColorScaleSpec): (v: number) => number {
  const smooth = continuousPosition(spec);
  const levels = spec.levels;
  if (!levels || levels.length < 2) return smooth;
  const mids = levels.slice(1).map((hi, k) => (smooth(levels[k]) + smooth(hi)) / 2);
  return (v) => {
    if (Number.isNaN(smooth(v))) return NaN;
    const k = Math.min(mids.length - 1, Math.max(0, d3.bisectRight(levels, v) - 1));
    return mids[k];
  };
}

/** position() without the steps: where a legend puts a tick for a value. */
export function continuousPosition(spec: ColorScaleSpec): (v: number) => number {
  const [lo, hi] = spec.domain;
  let t: (v: number) => number;
  if (spec.log) {
    const a = Math.log(lo);
    const b = Math.log(hi);
    t = (v) => (v > 0 ? (Math.log(v) - a) / (b - a || 1) : NaN);
  } else if (spec.center !== undefined) {
    // Symmetric about the centre so equal distances get equal colour strength on both sides.
    const r = Math.max(Math.abs(hi - spec.center), Math.abs(spec.center - lo)) || 1;
    const c = spec.center;
    t = (v) => 0.5 + (v - c) / (2 * r);
  } else t = (v) => (v - lo) / (hi - lo || 1);
  return (v) => {
    if (!Number.isFinite(v)) return NaN;
    const p = t(v);
    if (Number.isNaN(p)) return NaN;
    const c = Math.min(1, Math.max(0, p));
    return spec.reverse ? 1 - c : c;
  };
}

export function interpolator(spec: ColorScaleSpec): (t: number) => string {
  return INTERPOLATORS[spec.scheme];
}

/** A CSS colour for one value; missing values get a neutral grey. */
export function colorOf(spec: ColorScaleSpec): (v: number) => string {
  const p = position(spec);
  const f = interpolator(spec);
  return (v) => {
    const t = p(v);
    return Number.isNaN(t) ? MISSING : f(t);
  };
}

export const MISSING = '#8a8a8a';

/** 256 RGB entries of the scheme, for painting many cells without parsing colour strings. */
export function lut(spec: ColorScaleSpec): Uint8ClampedArray {
  const f = interpolator(spec);
  const out = new Uint8ClampedArray(256 * 3);
  for (let i = 0; i < 256; i++) {
    const c = d3.rgb(f(i / 255));
    out.set([c.r, c.g, c.b], 3 * i);
  }
  return out;
}

/**
 * n bands' boundaries over the domain, evenly spaced along the scale (in log space on a log scale),
 * for filled contours.
 */
export function levelsOf(domain: readonly [number, number], n: number, log = false): number[] {
  const [lo, hi] = domain;
  if (log) return d3.range(n + 1).map((k) => Math.exp(Math.log(lo) + ((Math.log(hi) - Math.log(lo)) * k) / n));
  return d3.range(n + 1).map((k) => lo + ((hi - lo) * k) / n);
}

/**
 * The finite range of some data, for a domain: on a log scale only positive values count. A flat
 * range is widened so that the scale still has two ends.
 */
export function extentOf(data: ArrayLike<number>, log = false): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (!Number.isFinite(v) || (log && v <= 0)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (lo > hi) return log ? [1e-3, 1] : [0, 1];
  if (lo === hi) return log ? [lo / 2, lo * 2] : [lo - 0.5, hi + 0.5];
  return [lo, hi];
}
