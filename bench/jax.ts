/**
 * jax-js on its WebGPU or WASM device: valueAndGrad + jit, the library's idiomatic training loop.
 * jax-js is lazy: an array freed before it is realized is never computed, and grad alone drops the
 * forward pass as dead code, so every case keeps all outputs until each is ready and takes the
 * value with the gradients.
 */
import { defaultDevice, init, jit, lax, nn, numpy as np, tree, valueAndGrad } from '@jax-js/jax';
import {
  CONV,
  MLP,
  RESNET,
  SUM_TOLERANCE,
  expectLinear,
  expectNear,
  heUniform,
  labels,
  lossChecker,
  positive,
  productSum,
  randomArray,
  repeatedCase,
} from './common.ts';
import { RESNET20_BLOCKS, attentionFlops, convFlops, mlpFlops, resnet20Flops, type Peer } from './peer.ts';

type Arr = np.Array;

let started: Promise<string[]> | null = null;

export async function jaxjs(device: 'webgpu' | 'wasm'): Promise<Peer> {
  started ??= init();
  if (!(await started).includes(device)) throw new Error(`jax-js device ${device} is not available`);
  defaultDevice(device);
  const arr = (data: Float32Array<ArrayBuffer>, shape: number[]): Arr => np.array(data).reshape(shape);
  const ready = (outs: unknown): Promise<unknown> =>
    Promise.all(tree.leaves(outs).map((a) => (a as Arr).blockUntilReady()));
  /** Reads a scalar (consumes it). */
  const scalar = async (a: Arr): Promise<number> => (await a.data())[0];
  /** Σ a·b, leaving both alive. */
  const dot = (a: Arr, b: Arr): Promise<number> => scalar(np.sum(a.ref.mul(b.ref)));
  /** A repeated case; `verify` consumes the outputs it checks. */
  const repeated = <T>(flops: number, once: () => T, verify: (out: T) => Promise<void>, dispose: () => void) =>
    repeatedCase({ flops, once, done: ready, verify, dispose });

  return {
    name: `jax-${device}`,
    async matmul(n, a, b) {
      const A = arr(a, [n, n]);
      const B = arr(b, [n, n]);
      const want = productSum(a, b, n);
      return repeated(
        2 * n ** 3,
        () => np.matmul(A.ref, B.ref),
        async (c) => expectNear('sum of the product', await scalar(np.sum(c)), want, SUM_TOLERANCE),
        () => (A.dispose(), B.dispose()),
      );
    },
    async mlp(batch, steps, readEveryStep) {
      const s = MLP.sizes;
      type Params = { w: Arr[]; b: Arr[] };
      let params: Params = {
        w: s.slice(1).map((out, i) => arr(heUniform(s[i], s[i] * out, 100 + i), [s[i], out])),
        b: s.slice(1).map((out) => np.zeros([out])),
      };
      const x = arr(randomArray(batch * s[0], 11, 0, 1), [batch, s[0]]);
      const y = nn.oneHot(np.array(labels(batch, 10, 12), { dtype: np.int32 }), 10);
      const lossFn = (p: Params, xb: Arr, yb: Arr): Arr => {
        let h = xb;
        p.w.forEach((w, i) => {
          h = np.matmul(h, w).add(p.b[i]);
          if (i + 1 < p.w.length) h = nn.relu(h);
        });
        return nn
          .logSoftmax(h)
          .mul(yb)
          .sum()
          .mul(-1 / batch);
      };
      const step = jit((p: Params, xb: Arr, yb: Arr): [Params, Arr] => {
        const [loss, g] = valueAndGrad(lossFn)(tree.ref(p), xb, yb);
        return [tree.map((w: Arr, gw: Arr) => w.sub(gw.mul(MLP.lr)), p, g) as Params, loss];
      });
      let kept: Arr[] = [];
      const checkLosses = lossChecker();
      return {
        flops: steps * mlpFlops(s, batch),
        examples: steps * batch,
        repeats: steps,
        async run() {
          kept = [];
          for (let i = 0; i < steps; i++) {
            const [next, loss] = step(params, x.ref, y.ref);
            params = next;
            kept.push(loss);
            if (readEveryStep) await loss.blockUntilReady();
          }
          // The parameters depend on every step: waiting for them and the losses forces the whole run.
          await ready([params, kept]);
        },
        async check() {
          checkLosses(await Promise.all(kept.map(scalar)));
        },
        dispose: () => {
          tree.dispose(params);
          x.dispose();
          y.dispose();
          step.dispose();
        },
      };
    },
    async conv(batch) {
      const { hw, channels: c, kernel: k } = CONV;
      // jax's conv is NCHW with OIHW weights: the same numbers as Tabula's NHWC data, transposed.
      const x = arr(positive(batch * hw * hw * c, 21), [batch, hw, hw, c]).transpose([0, 3, 1, 2]);
      const w = arr(heUniform(c * k * k, c * c * k * k, 22), [c, c, k, k]);
      const gz = arr(positive(batch * hw * hw * c, 23), [batch, hw, hw, c]).transpose([0, 3, 1, 2]);
      await ready([x, gz]); // the transposes, once, outside every timed run
      const vg = jit((xi: Arr, wi: Arr, g: Arr) =>
        valueAndGrad((a: Arr, b: Arr) => lax.conv(a, b, [1, 1], 'SAME').mul(g).sum(), { argnums: [0, 1] })(xi, wi),
      );
      return repeated(
        convFlops(batch, hw, c, k),
        () => vg(x.ref, w.ref, gz.ref) as [Arr, Arr[]],
        async ([value, [dx, dw]]) => {
          const sums = { '⟨x, dX⟩': await dot(x, dx), '⟨w, dW⟩': await dot(w, dw) };
          expectLinear('conv', await scalar(value), sums);
          dx.dispose();
          dw.dispose();
        },
        () => [x, w, gz, vg].forEach((v) => v.dispose()),
      );
    },
    async attention(shape) {
      const { batch: b, seq: t, width: d, heads: h } = shape;
      const x = arr(positive(b * t * d, 31), [b, t, d]);
      const g = arr(positive(b * t * d, 32), [b, t, d]);
      type Params = { w: Arr[]; b: Arr[] };
      const params: Params = {
        w: [0, 1, 2, 3].map((i) => arr(heUniform(d, d * d, 40 + i), [d, d])),
        b: [0, 1, 2, 3].map(() => np.zeros([d])),
      };
      const block = (p: Params, xi: Arr, gi: Arr): Arr => {
        const proj = (v: Arr, i: number): Arr => np.matmul(v, p.w[i]).add(p.b[i]);
        const [q, k, v] = [0, 1, 2].map((i) => proj(xi.ref, i).reshape([b, t, h, d / h]));
        xi.dispose();
        const o = nn.dotProductAttention(q, k, v).reshape([b, t, d]);
        return proj(o, 3).mul(gi).sum();
      };
      const vg = jit((p: Params, xi: Arr, gi: Arr) => valueAndGrad(block, { argnums: [0, 1] })(p, xi, gi));
      return repeated(
        attentionFlops(shape),
        () => vg(tree.ref(params), x.ref, g.ref) as [Arr, [Params, Arr]],
        async ([value, [gp, gx]]) => {
          const wo = (await dot(params.w[3], gp.w[3])) + (await dot(params.b[3], gp.b[3]));
          expectLinear('attention', await scalar(value), { '⟨W_o, dW_o⟩ + ⟨b_o, db_o⟩': wo });
          for (const a of [...tree.leaves(gp), gx] as Arr[])
            if (!((await dot(a, a)) > 0)) throw new Error('a gradient is zero or not finite');
          tree.dispose([gp, gx]);
        },
        () => {
          tree.dispose(params);
          [x, g, vg].forEach((v) => v.dispose());
        },
      );
    },
    async resnet(batch) {
      const { hw, channels, classes, lr } = RESNET;
      // NCHW activations, OIHW weights; each conv is followed by BatchNorm (batch statistics).
      type Params = { convs: Arr[]; gammas: Arr[]; betas: Arr[]; fc: Arr[] };
      const params: Params = { convs: [], gammas: [], betas: [], fc: [] };
      let seed = 60;
      const addConv = (k: number, i: number, o: number): void => {
        params.convs.push(arr(heUniform(i * k * k, o * i * k * k, seed++), [o, i, k, k]));
        params.gammas.push(np.ones([o]));
        params.betas.push(np.zeros([o]));
      };
      addConv(3, channels, 16);
      for (const { inC, outC, stride } of RESNET20_BLOCKS) {
        addConv(3, inC, outC);
        addConv(3, outC, outC);
        if (stride !== 1) addConv(1, inC, outC);
      }
      params.fc = [arr(heUniform(64, 64 * classes, seed++), [64, classes]), np.zeros([classes])];
      const x = arr(randomArray(batch * hw * hw * channels, 51), [batch, hw, hw, channels]).transpose([0, 3, 1, 2]);
      const y = nn.oneHot(np.array(labels(batch, classes, 52), { dtype: np.int32 }), classes);
      await ready([x, y]);
      const lossFn = (p: Params, xb: Arr, yb: Arr): Arr => {
        let i = 0;
        const convNorm = (h: Arr, stride: number): Arr => {
          const c = p.convs[i].shape[0];
          const z = lax.conv(h, p.convs[i], [stride, stride], 'SAME');
          const out = nn
            .standardize(z, [0, 2, 3])
            .mul(p.gammas[i].reshape([1, c, 1, 1]))
            .add(p.betas[i].reshape([1, c, 1, 1]));
          i++;
          return out;
        };
        let h = nn.relu(convNorm(xb, 1));
        for (const { stride } of RESNET20_BLOCKS) {
          const r = convNorm(nn.relu(convNorm(h.ref, stride)), 1);
          h = nn.relu(r.add(stride !== 1 ? convNorm(h, stride) : h));
        }
        const logits = np.matmul(np.mean(h, [2, 3]), p.fc[0]).add(p.fc[1]);
        return nn
          .logSoftmax(logits)
          .mul(yb)
          .sum()
          .mul(-1 / batch);
      };
      // SGD with momentum 0.9, as Tabula's and TF.js's ResNet steps.
      const step = jit((p: Params, v: Params, xb: Arr, yb: Arr): [Params, Params, Arr] => {
        const [loss, g] = valueAndGrad(lossFn)(tree.ref(p), xb, yb);
        const nv = tree.map((vi: Arr, gi: Arr) => vi.mul(0.9).add(gi), v, g) as Params;
        return [tree.map((w: Arr, vi: Arr) => w.sub(vi.mul(lr)), p, tree.ref(nv)) as Params, nv, loss];
      });
      let state: [Params, Params] = [params, tree.map((w: Arr) => np.zerosLike(w), tree.ref(params)) as Params];
      let kept: Arr | null = null;
      const checkLosses = lossChecker();
      return {
        flops: resnet20Flops(batch, classes),
        examples: batch,
        repeats: 1,
        async run() {
          const [p, v, loss] = step(state[0], state[1], x.ref, y.ref);
          state = [p, v];
          kept = loss;
          await ready([state, kept]);
        },
        async check() {
          checkLosses([await scalar(kept!)]);
        },
        dispose: () => {
          tree.dispose(state);
          [x, y, step].forEach((a) => a.dispose());
        },
      };
    },
    async close() {},
  };
}
