// Where a first-layer mask keeps its inputs: the fraction of hidden units keeping each pixel of a
// 28×28 image, and that fraction in the digit's centre against the image border. MNIST digits are
// size-normalized into a 20×20 box centred by mass, so the outer frame is almost never inked: its
// weights barely train, and magnitude pruning should remove them first.

/** Side of the square input image the first-layer mask is read as. */
export const SIDE = 28;
/** The centre region: the middle CENTRE × CENTRE pixels. */
export const CENTRE = 10;
/** The border region: the outer BORDER-pixel frame. */
export const BORDER = 3;

export interface Survival {
  /** Row-major SIDE × SIDE: the fraction of units keeping each pixel's weight. */
  perPixel: Float32Array;
  /** Mean survival over the centre and over the border region. */
  centre: number;
  border: number;
  /** centre / border (Infinity when the border is fully pruned and the centre is not). */
  ratio: number;
}

/** Survival per pixel of a first-layer mask laid out [SIDE·SIDE inputs, units] (the Linear weight layout). */
export function survival(mask: ArrayLike<number>, units: number): Survival {
  const perPixel = new Float32Array(SIDE * SIDE);
  for (let p = 0; p < perPixel.length; p++) {
    let kept = 0;
    for (let j = 0; j < units; j++) kept += mask[p * units + j] > 0 ? 1 : 0;
    perPixel[p] = kept / units;
  }
  const lo = (SIDE - CENTRE) / 2;
  let c = 0;
  let nc = 0;
  let b = 0;
  let nb = 0;
  for (let y = 0; y < SIDE; y++) {
    for (let x = 0; x < SIDE; x++) {
      const v = perPixel[y * SIDE + x];
      if (y >= lo && y < lo + CENTRE && x >= lo && x < lo + CENTRE) {
        c += v;
        nc++;
      }
      if (Math.min(x, y, SIDE - 1 - x, SIDE - 1 - y) < BORDER) {
        b += v;
        nb++;
      }
    }
  }
  const centre = c / nc;
  const border = b / nb;
  return { perPixel, centre, border, ratio: border > 0 ? centre / border : centre > 0 ? Infinity : 1 };
}
