/** TensorFlow.js on its WebGPU or WASM backend, with its own autodiff and optimizer. */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { ATTN, CONV, MLP, heUniform, labels, randomArray, repeatsFor } from './common.ts';
import { attentionFlops, convFlops, type Peer } from './peer.ts';

export async function tfjs(backend: 'webgpu' | 'wasm'): Promise<Peer> {
  if (backend === 'wasm') setWasmPaths('/node_modules/@tensorflow/tfjs-backend-wasm/dist/');
  if (!(await tf.setBackend(backend))) throw new Error(`TF.js backend ${backend} did not start`);
  await tf.ready();
  const done = async (t: tf.Tensor): Promise<void> => void (await t.data());
  return {
    name: `tfjs-${backend}`,
    async matmul(n, a, b) {
      const A = tf.tensor2d(a, [n, n]);
      const B = tf.tensor2d(b, [n, n]);
      const many = async (k: number): Promise<void> => {
        for (let i = 0; i < k - 1; i++) tf.matMul(A, B).dispose();
        const c = tf.matMul(A, B);
        await done(c);
        c.dispose();
      };
      const k = await repeatsFor(() => many(1));
      return {
        case: { run: () => many(k), work: 2 * n ** 3 * k, dispose: () => tf.dispose([A, B]) },
        result: async () => {
          const c = tf.matMul(A, B);
          const out = (await c.data()) as Float32Array;
          c.dispose();
          return out;
        },
      };
    },
    async mlp(steps, readEveryStep) {
      const s = MLP.sizes;
      const vars = s
        .slice(1)
        .flatMap((out, i) => [
          tf.variable(tf.tensor2d(heUniform(s[i], s[i] * out, 100 + i), [s[i], out])),
          tf.variable(tf.zeros([out])),
        ]);
      const x = tf.tensor2d(randomArray(MLP.batch * s[0], 11, 0, 1), [MLP.batch, s[0]]);
      const y = tf.oneHot(tf.tensor1d(labels(MLP.batch, 10, 12), 'int32'), 10);
      const opt = tf.train.sgd(MLP.lr);
      const loss = (): tf.Scalar => {
        let h: tf.Tensor = x;
        for (let i = 0; i < vars.length; i += 2) {
          h = tf.add(tf.matMul(h, vars[i]), vars[i + 1]);
          if (i + 2 < vars.length) h = tf.relu(h);
        }
        return tf.losses.softmaxCrossEntropy(y, h) as tf.Scalar;
      };
      const step = (): tf.Scalar => opt.minimize(loss, true)!;
      await done(step());
      return {
        work: steps * MLP.batch,
        async run() {
          for (let i = 0; i < steps; i++) {
            const l = step();
            if (readEveryStep || i === steps - 1) await done(l);
            l.dispose();
          }
        },
        dispose: () => tf.dispose([...vars, x, y, opt as unknown as tf.Tensor]),
      };
    },
    async conv(batch) {
      const { hw, channels: c, kernel: k } = CONV;
      const x = tf.tensor4d(randomArray(batch * hw * hw * c, 21), [batch, hw, hw, c]);
      const w = tf.tensor4d(heUniform(c * k * k, c * c * k * k, 22), [k, k, c, c]);
      const gz = tf.tensor4d(randomArray(batch * hw * hw * c, 23), [batch, hw, hw, c]);
      // The forward with dZ as the upstream gradient: tf.grads gives dX and dW.
      const grads = tf.grads((xi: tf.Tensor, wi: tf.Tensor) =>
        tf.sum(tf.mul(tf.conv2d(xi as tf.Tensor4D, wi as tf.Tensor4D, 1, 'same'), gz)),
      );
      return {
        work: convFlops(batch, hw, c, k),
        async run() {
          const [dx, dw] = grads([x, w]);
          await Promise.all([done(dx), done(dw)]);
          tf.dispose([dx, dw]);
        },
        dispose: () => tf.dispose([x, w, gz]),
      };
    },
    async attention() {
      const { batch: b, seq: t, width: d, heads: h } = ATTN;
      const dh = d / h;
      // A variable, so that dX is computed as Tabula's block does.
      const x = tf.variable(tf.tensor3d(randomArray(b * t * d, 31), [b, t, d]));
      const g = tf.tensor3d(randomArray(b * t * d, 32), [b, t, d]);
      const params = [0, 1, 2, 3].flatMap((i) => [
        tf.variable(tf.tensor2d(heUniform(d, d * d, 40 + i), [d, d])),
        tf.variable(tf.zeros([d])),
      ]);
      const proj = (v: tf.Tensor, i: number): tf.Tensor =>
        tf.add(tf.matMul(tf.reshape(v, [b * t, d]), params[2 * i]), params[2 * i + 1]);
      const heads = (v: tf.Tensor): tf.Tensor => tf.transpose(tf.reshape(v, [b, t, h, dh]), [0, 2, 1, 3]);
      const forward = (): tf.Scalar => {
        const [q, k, v] = [0, 1, 2].map((i) => heads(proj(x, i)));
        const p = tf.softmax(tf.mul(tf.matMul(q, k, false, true), 1 / Math.sqrt(dh)));
        const o = tf.reshape(tf.transpose(tf.matMul(p, v), [0, 2, 1, 3]), [b, t, d]);
        return tf.sum(tf.mul(tf.reshape(proj(o, 3), [b, t, d]), g));
      };
      return {
        work: attentionFlops(b, t, d),
        async run() {
          const { value, grads } = tf.variableGrads(forward);
          await Promise.all(Object.values(grads).map(done));
          tf.dispose([value, ...Object.values(grads)]);
        },
        dispose: () => tf.dispose([x, g, ...params]),
      };
    },
    async close() {
      tf.disposeVariables();
    },
  };
}
