/** A synthetic 4×4 image set for fast tests: the class (0–3) is the bright quadrant, learnable in a few steps. */
import type { Dataset } from '../../datasets.ts';
import { randomArray } from '../../../gpu/xorshift.ts';

function split(count: number, seed: number): Dataset['train'] {
  const noise = randomArray(count * 17, seed, 0, 1);
  const images = new Uint8Array(count * 16);
  const labels = Uint8Array.from({ length: count }, (_, n) => Math.floor(noise[n * 17] * 4));
  for (let n = 0; n < count; n++) {
    for (let p = 0; p < 16; p++) {
      const q = (Math.floor(p / 8) << 1) | ((p % 4) >> 1);
      images[n * 16 + p] = Math.floor((q === labels[n] ? 200 : 40) + noise[n * 17 + 1 + p] * 50);
    }
  }
  return { images, labels, count };
}

export function quadrants(train = 256, test = 128): Dataset {
  return {
    manifest: {
      name: 'quadrants',
      title: 'quadrants',
      source: '',
      citation: '',
      version: 1,
      shape: [4, 4, 1],
      layout: 'HWC',
      classes: ['a', 'b', 'c', 'd'],
      mean: [0.35],
      std: [0.3],
    } as Dataset['manifest'],
    train: split(train, 1),
    test: split(test, 2),
  };
}
