import { describe, it, expect } from 'vitest';
import { gradCheck } from '../gradcheck.ts';
import { sizeOf } from '../tensor.ts';
import { randomArray, testContext } from '../testing.ts';
import {
  abs,
  activation,
  add,
  addScalar,
  div,
  exp,
  gauss,
  gelu,
  log,
  mul,
  neg,
  relu,
  scale,
  sigmoid,
  sqrt,
  square,
  sub,
  tanh,
  type UnaryOp,
} from './elementwise.ts';
import type { Tensor } from '../tensor.ts';

/** Values at least 0.1 away from 0, so finite differences (eps 1e-2) never straddle a kink. */
function awayFromZero(n: number, seed: number): Float32Array {
  return randomArray(n, seed, -2, 2).map((v) => (v < 0 ? v - 0.1 : v + 0.1));
}

const input = (shape: number[], seed: number, positive = false) => ({
  data: positive ? randomArray(sizeOf(shape), seed, 0.5, 2) : awayFromZero(sizeOf(shape), seed),
  shape,
});

describe('elementwise ops: gradients', () => {
  const unaries: Array<[string, (x: Tensor) => Tensor, boolean]> = [
    ['relu', relu, false],
    ['gelu', gelu, false],
    ['tanh', tanh, false],
    ['sigmoid', sigmoid, false],
    ['gauss', gauss, false],
    ['square', square, false],
    ['exp', exp, false],
    ['log', log, true],
    ['neg', neg, false],
    ['abs', abs, false],
    ['sqrt', sqrt, true],
    ['identity', (x) => activation(x, 'identity' as UnaryOp), false],
    ['scale', (x) => scale(x, -1.5), false],
    ['addScalar', (x) => addScalar(x, 0.25), false],
  ];
  for (const [name, f, positive] of unaries) {
    it(name, async () => {
      const ctx = await testContext();
      const r = await gradCheck(ctx, ([x]) => f(x), [input([5, 7], 11, positive)]);
      expect(r.worst, name).toBeLessThanOrEqual(1);
    });
  }

  const binaries: Array<[string, (a: Tensor, b: Tensor) => Tensor]> = [
    ['add', add],
    ['sub', sub],
    ['mul', mul],
    ['div', div],
  ];
  for (const [name, f] of binaries) {
    for (const bShape of [[4, 6], [6], [1]]) {
      it(`${name} with b [${bShape}]`, async () => {
        const ctx = await testContext();
        const r = await gradCheck(ctx, ([a, b]) => f(a, b), [input([4, 6], 21), input(bShape, 22, name === 'div')], {
          samples: 8,
        });
        expect(r.worst, `${name} [${bShape}]`).toBeLessThanOrEqual(1);
      });
    }
  }

  it('accumulates the gradient of a tensor used twice', async () => {
    const ctx = await testContext();
    const r = await gradCheck(ctx, ([x]) => mul(x, tanh(x)), [input([3, 5], 31)]);
    expect(r.worst).toBeLessThanOrEqual(1);
  });
});
