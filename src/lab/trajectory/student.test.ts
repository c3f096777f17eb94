import { describe, it, expect } from 'vitest';
import { backward } from '../../gpu/autograd.ts';
import { crossEntropy } from '../../gpu/ops/loss.ts';
import type { Tensor } from '../../gpu/tensor.ts';
import { maxRelErr, randomArray, testContext } from '../../gpu/testing.ts';
import { logitsOf, matchingLoss, recordedGradient } from './student.ts';
import { gradientRef, matchingLossRef, type ThetaRef } from './student.ref.ts';

/** Layer widths that are not tile multiples, one and two hidden layers. */
const SHAPES = [
  { sizes: [13, 7, 3], n: 5 },
  { sizes: [29, 6, 5, 4], n: 7 },
];

/** A random MLP's parameters [W1, b1, …] (W stored [in, out]) at a scale where ReLUs are mixed. */
function randomTheta(sizes: number[], seed: number): ThetaRef {
  return sizes
    .slice(1)
    .flatMap((fout, l) => [
      Float64Array.from(randomArray(sizes[l] * fout, seed + 2 * l), (v) => v / Math.sqrt(sizes[l])),
      Float64Array.from(randomArray(fout, seed + 2 * l + 1), (v) => 0.1 * v),
    ]);
}

function onehotOf(y: number[], classes: number): Float32Array {
  const out = new Float32Array(y.length * classes);
  y.forEach((c, r) => (out[r * classes + c] = 1));
  return out;
}

/** A leaf's gradient, detached so that it outlives the leaf's scope. */
function detachGrad(leaf: Tensor): Tensor {
  const g = leaf.grad!;
  leaf.grad = null;
  return g;
}

const shapesOf = (sizes: number[]): number[][] => sizes.slice(1).flatMap((fout, l) => [[sizes[l], fout], [fout]]);

describe('trajectory-matching student (gradients recorded on the tape)', () => {
  it('its recorded cross-entropy gradient equals the float64 reference and the tape’s own backward', async () => {
    const ctx = await testContext();
    for (const [k, { sizes, n }] of SHAPES.entries()) {
      const C = sizes[sizes.length - 1];
      const theta = randomTheta(sizes, 10 * k + 1);
      const x = Float64Array.from(randomArray(n * sizes[0], 50 + k, 0, 1));
      const y = Array.from({ length: n }, (_, r) => r % C);
      const want = gradientRef(theta, sizes, x, y);
      const shapes = shapesOf(sizes);
      const [recorded, taped] = await Promise.all(
        ctx
          .scope(() => {
            const t = theta.map((w, i) => ctx.tensor(Float32Array.from(w), shapes[i]));
            const xt = ctx.tensor(Float32Array.from(x), [n, sizes[0]]);
            const g = recordedGradient(t, xt, ctx.tensor(onehotOf(y, C), [n, C]));
            for (const w of t) w.requiresGrad = true;
            backward(crossEntropy(logitsOf(t, xt), ctx.tensor(Uint32Array.from(y), [n], 'u32')).loss);
            return [g, t.map(detachGrad)];
          })
          .map((list: Tensor[]) => Promise.all(list.map((g) => g.read()))),
      );
      want.forEach((w, p) => {
        expect(maxRelErr(recorded[p], w, 1e-6, 1e-4), `shape ${k} param ${p} vs reference`).toBeLessThanOrEqual(1);
        expect(maxRelErr(recorded[p], taped[p], 1e-6, 1e-4), `shape ${k} param ${p} vs backward`).toBeLessThanOrEqual(
          1,
        );
      });
    }
  });

  it('the matching loss and its gradients in the images and log η match float64 central differences', async () => {
    const ctx = await testContext();
    for (const [k, { sizes, n }] of SHAPES.entries()) {
      const C = sizes[sizes.length - 1];
      const steps = 3;
      const start = randomTheta(sizes, 100 + k);
      // The expert moved along a random direction; the student has to find images that follow it.
      const target = start.map((w, p) => w.map((v, i) => v + 0.2 * randomArray(w.length, 200 + 10 * k + p)[i]));
      const x = Float64Array.from(randomArray(n * sizes[0], 300 + k, 0, 1));
      const y = Array.from({ length: n }, (_, r) => (r + k) % C);
      const logLr = Math.log(0.5);
      const shapes = shapesOf(sizes);
      const { loss, gx, glr } = ctx.scope(() => {
        const images = ctx.tensor(Float32Array.from(x), [n, sizes[0]]);
        const lr = ctx.tensor([logLr]);
        images.requiresGrad = true;
        lr.requiresGrad = true;
        const l = matchingLoss({
          start: start.map((w, i) => ctx.tensor(Float32Array.from(w), shapes[i])),
          target: target.map((w, i) => ctx.tensor(Float32Array.from(w), shapes[i])),
          images,
          onehot: ctx.tensor(onehotOf(y, C), [n, C]),
          logLr: lr,
          steps,
        });
        backward(l);
        return { loss: l, gx: detachGrad(images), glr: detachGrad(lr) };
      });
      const f = (xs: Float64Array, lr: number): number => matchingLossRef(start, target, sizes, xs, y, lr, steps);
      const h = 1e-6;
      const fdX = x.map((_, i) => {
        const [up, down] = [Float64Array.from(x), Float64Array.from(x)];
        up[i] += h;
        down[i] -= h;
        return (f(up, logLr) - f(down, logLr)) / (2 * h);
      });
      const fdLr = (f(x, logLr + h) - f(x, logLr - h)) / (2 * h);
      const [lv, gxv, glrv] = await Promise.all([loss.read(), gx.read(), glr.read()]);
      expect(lv[0]).toBeCloseTo(f(x, logLr), 4);
      const scaleX = Math.max(...fdX.map(Math.abs));
      expect(scaleX, 'the images matter').toBeGreaterThan(1e-4);
      expect(maxRelErr(gxv, fdX, 2e-3 * scaleX, 1e-2), `shape ${k}: ∂loss/∂images`).toBeLessThanOrEqual(1);
      expect(maxRelErr(glrv, [fdLr], 1e-6, 1e-3), `shape ${k}: ∂loss/∂log η`).toBeLessThanOrEqual(1);
    }
  });
});
