// The home page's pictures: each family's headline view, screenshotted from a real run by
// `npm run thumbnails` (scripts/thumbnails.ts) into public/thumbs/, with what the run was.
import type { FamilyId } from '../lab/experiment.ts';

export interface Thumb {
  /** The images (light and dark theme), relative to public/thumbs/. */
  file: string;
  darkFile: string;
  width: number;
  height: number;
  experiment: string;
  /** The experiment's title when the picture was taken. */
  title: string;
  seed: number;
  /** The parameters that differed from the defaults (none: the defaults), as name → value text. */
  changed: Record<string, string>;
  /** The WebGPU adapter that ran it, and whether it was a software one (e.g. SwiftShader). */
  adapter: string;
  software: boolean;
  /** The day of the run, YYYY-MM-DD. */
  date: string;
  /** How long the run took, in seconds. */
  seconds: number;
}

export type ThumbIndex = Partial<Record<FamilyId, Thumb>>;

export const THUMBS_DIR = 'thumbs';

/** "From a real run: <experiment>, seed N, defaults, software GPU, <date>". */
export function thumbLabel(t: Thumb): string {
  const changed = Object.entries(t.changed);
  const setting =
    changed.length === 0
      ? 'defaults'
      : `defaults except ${changed.map(([k, v]) => `${k}=${v}`).join(', ')} (the defaults take longer on a software GPU)`;
  const gpu = t.software ? 'software GPU' : t.adapter;
  return `From a real run: ${t.title}, seed ${t.seed}, ${setting}, ${gpu}, ${t.date}, ${Math.round(t.seconds)} s.`;
}

/** The index, or {} when the thumbnails were never generated (the cards then go without pictures). */
export async function loadThumbs(): Promise<ThumbIndex> {
  try {
    const res = await fetch(`${THUMBS_DIR}/index.json`);
    return res.ok ? ((await res.json()) as ThumbIndex) : {};
  } catch {
    return {};
  }
}
