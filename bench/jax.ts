/** jax-js on its WebGPU or WASM device: grad + jit, the library's idiomatic training loop. */
import { defaultDevice, grad, init, jit, lax, nn, numpy as np, tree, valueAndGrad } from '@jax-js/jax';
import { ATTN, CONV, MLP, heUniform, labels, randomArray, repeatsFor } from './common.ts';
import { attentionFlops, convFlops, type Peer } from './peer.ts';

type Arr = np.Array;

let started: Promise<string[]> | null = null;

export async function jaxjs(device: 'webgpu' | 'wasm'): Promise<Peer> {
  started ??= init();
  if (!(await started).includes(device)) throw new Error(`jax-js device ${device} is not available`);
  defaultDevice(device);
  const arr = (data: Float32Array<ArrayBuffer>, shape: number[]): Arr => np.array(data).reshape(shape);
  return {
    name: `jax-${device}`,
    async matmul(n, a, b) {
      const A = arr(a, [n, n]);
      const B = arr(b, [n, n]);
      const many = async (k: number): Promise<void> => {
        for (let i = 0; i < k - 1; i++) np.matmul(A.ref, B.ref).dispose();
        await np
          .matmul(A.ref, B.ref)
          .blockUntilReady()
          .then((c) => c.dispose());
      };
      const k = await repeatsFor(() => many(1));
      return {
        case: { run: () => many(k), work: 2 * n ** 3 * k, dispose: () => (A.dispose(), B.dispose()) },
        result: async () => (await np.matmul(A.ref, B.ref).data()) as Float32Array,
      };
    },
    async mlp(steps, readEveryStep) {
      const s = MLP.sizes;
      type Params = { w: Arr[]; b: Arr[] };
      let params: Params = {
        w: s.slice(1).map((out, i) => arr(heUniform(s[i], s[i] * out, 100 + i), [s[i], out])),
        b: s.slice(1).map((out) => np.zeros([out])),
      };
      const x = arr(randomArray(MLP.batch * s[0], 11, 0, 1), [MLP.batch, s[0]]);
      const y = nn.oneHot(np.array(labels(MLP.batch, 10, 12), { dtype: np.int32 }), 10);
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
          .mul(-1 / MLP.batch);
      };
      const step = jit((p: Params, xb: Arr, yb: Arr): [Params, Arr] => {
        const [loss, g] = valueAndGrad(lossFn)(tree.ref(p), xb, yb);
        return [tree.map((w: Arr, gw: Arr) => w.sub(gw.mul(MLP.lr)), p, g) as Params, loss];
      });
      const one = (): Arr => {
        const [next, loss] = step(params, x.ref, y.ref);
        params = next;
        return loss;
      };
      await one().data();
      return {
        work: steps * MLP.batch,
        async run() {
          for (let i = 0; i < steps; i++) {
            const loss = one();
            if (readEveryStep || i === steps - 1) await loss.data();
            else loss.dispose();
          }
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
      // jax's conv is NCHW with OIHW weights.
      const x = arr(randomArray(batch * hw * hw * c, 21), [batch, c, hw, hw]);
      const w = arr(heUniform(c * k * k, c * c * k * k, 22), [c, c, k, k]);
      const gz = arr(randomArray(batch * hw * hw * c, 23), [batch, c, hw, hw]);
      const grads = jit((xi: Arr, wi: Arr, g: Arr) =>
        grad((a: Arr, b: Arr) => lax.conv(a, b, [1, 1], 'SAME').mul(g).sum(), { argnums: [0, 1] })(xi, wi),
      );
      return {
        work: convFlops(batch, hw, c, k),
        async run() {
          const [dx, dw] = grads(x.ref, w.ref, gz.ref) as Arr[];
          await Promise.all([dx.blockUntilReady(), dw.blockUntilReady()]);
          dx.dispose();
          dw.dispose();
        },
        dispose: () => [x, w, gz, grads].forEach((v) => v.dispose()),
      };
    },
    async attention() {
      const { batch: b, seq: t, width: d, heads: h } = ATTN;
      const x = arr(randomArray(b * t * d, 31), [b, t, d]);
      const g = arr(randomArray(b * t * d, 32), [b, t, d]);
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
      const grads = jit((p: Params, xi: Arr, gi: Arr) => grad(block, { argnums: [0, 1] })(p, xi, gi));
      return {
        work: attentionFlops(b, t, d),
        async run() {
          const out = grads(tree.ref(params), x.ref, g.ref);
          await Promise.all(tree.leaves(out).map((a) => (a as Arr).blockUntilReady()));
          tree.dispose(out);
        },
        dispose: () => {
          tree.dispose(params);
          [x, g, grads].forEach((v) => v.dispose());
        },
      };
    },
    async close() {},
  };
}
