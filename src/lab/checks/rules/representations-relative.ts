/**
 * Relative representations (Moschella et al.): zero-shot stitching of encoder i with head j ≠ i
 * on relative codes against the same stitching on absolute codes, in the same run.
 */
import type { ParamValues } from '../../experiment.ts';
import { fixed, mean, ok, pcts } from '../format.ts';
import type { Rule, RunData } from '../rule.ts';

export const RELATIVE_STITCHING = {
  dataset: 'fashion-mnist',
  trainSize: 2000,
  testSize: 1000,
  anchors: 300,
  latent: 32,
  hidden: 128,
  hidden2: 128,
  center: true,
  headHidden: 0,
  epochs: 5,
  lr: 1e-3,
} satisfies ParamValues;

/** The catalogue's bars: absolute stitching at most 30% accurate, relative stitching ≥ 90% of unstitched, CKA ≥ 0.9. */
const ABSOLUTE_MAX = 0.3;
const RETAINED_MIN = 0.9;
const CKA_MIN = 0.9;

export interface StitchingMeasure {
  /** Mean of the two own-head (diagonal) accuracies, and of the two stitched (off-diagonal) ones. */
  relativeOwn: number;
  relativeStitched: number;
  absoluteOwn: number;
  absoluteStitched: number;
  relativeCka: number;
}

function stitchingOf(run: RunData): StitchingMeasure | null {
  const last = (name: string) => run.metrics[name]?.values.at(-1);
  const cell = (mode: string, e: number, h: number) => last(`accuracy/${mode} e${e} h${h}`);
  const own = (mode: string) => [cell(mode, 1, 1), cell(mode, 2, 2)];
  const stitched = (mode: string) => [cell(mode, 1, 2), cell(mode, 2, 1)];
  const parts = [own('relative'), stitched('relative'), own('absolute'), stitched('absolute')];
  const cka = last('similarity/cka relative');
  if (cka === undefined || parts.flat().some((v) => v === undefined)) return null;
  const [relativeOwn, relativeStitched, absoluteOwn, absoluteStitched] = parts.map((p) => mean(p as number[]));
  return { relativeOwn, relativeStitched, absoluteOwn, absoluteStitched, relativeCka: cka };
}

export const range = (xs: readonly number[]): number => Math.max(...xs) - Math.min(...xs);

export const relativeStitchingRule: Rule<StitchingMeasure> = {
  id: 'relative-stitching',
  paper:
    'Moschella et al. (2209.15430): encoding each sample by its cosine similarities to a fixed set of anchors makes the latent ' +
    'spaces of differently seeded networks comparable, so an encoder of one run can be stitched to the head of another zero-shot; ' +
    'absolute latents cannot.',
  claim:
    `Two MLP encoders (784-${RELATIVE_STITCHING.hidden}-${RELATIVE_STITCHING.hidden}-${RELATIVE_STITCHING.latent}, two seeds) each trained with a linear head by Adam ` +
    `(${RELATIVE_STITCHING.epochs} epochs) on ${RELATIVE_STITCHING.trainSize} Fashion-MNIST images, once on relative codes (cosines, about the anchors' mean, to ` +
    `${RELATIVE_STITCHING.anchors} anchor images) and once on absolute codes (the latent; control, same run, same inits and data order). ` +
    `Stitched = mean test accuracy of encoder 1 + head 2 and encoder 2 + head 1 (${RELATIVE_STITCHING.testSize} test images); own = of each encoder with its own head. ` +
    `On every judged seed: absolute stitched ≤ ${100 * ABSOLUTE_MAX}% and relative stitched ≥ ${RETAINED_MIN}× relative own (the catalogue's bars), ` +
    `the relative codes' cross-seed linear CKA ≥ ${CKA_MIN} (catalogue), and relative stitched − absolute stitched exceeds the seed spread ` +
    `(the larger range across seeds of the two stitched accuracies). Falsified if any fails. The setting (300 rather than 100 anchors, centring on the anchors) was chosen on seed 0.`,
  seeds: { tuned: [0], judged: [1, 2, 3] },
  setting: { experiment: 'relative-representations', params: RELATIVE_STITCHING },
  measure: (run) => {
    const m = stitchingOf(run);
    return m ? [{ seed: run.spec.seed, m }] : null;
  },
  judge(ms) {
    const col = (f: (m: StitchingMeasure) => number) => ms.map(f);
    const relStitched = col((m) => m.relativeStitched);
    const absStitched = col((m) => m.absoluteStitched);
    const spread = Math.max(range(relStitched), range(absStitched));
    const gaps = ms.map((m) => m.relativeStitched - m.absoluteStitched);
    const absoluteFails = ms.every((m) => m.absoluteStitched <= ABSOLUTE_MAX);
    const retained = ms.every((m) => m.relativeStitched >= RETAINED_MIN * m.relativeOwn);
    const similar = ms.every((m) => m.relativeCka >= CKA_MIN);
    const beats = gaps.every((g) => g > spread);
    return {
      pass: absoluteFails && retained && similar && beats,
      measured:
        `relative: own ${pcts(col((m) => m.relativeOwn))}, stitched ${pcts(relStitched)} ` +
        `(retained ${fixed(
          col((m) => m.relativeStitched / m.relativeOwn),
          3,
        )}), CKA ${fixed(
          col((m) => m.relativeCka),
          3,
        )}; ` +
        `absolute (control): own ${pcts(col((m) => m.absoluteOwn))}, stitched ${pcts(absStitched)}. ` +
        `Absolute stitched ≤ ${100 * ABSOLUTE_MAX}% ${ok(absoluteFails)}; relative retains ≥ ${RETAINED_MIN} ${ok(retained)}; ` +
        `CKA ≥ ${CKA_MIN} ${ok(similar)}; gap ${fixed(gaps, 3)} > seed spread ${spread.toFixed(3)} ${ok(beats)}`,
    };
  },
};
