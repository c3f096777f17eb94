/** TensorFlow.js on its WebGPU or WASM backend, with its own autodiff and optimizer. */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
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
  type Case,
} from './common.ts';
import { RESNET20_BLOCKS, attentionFlops, convFlops, mlpFlops, resnet20Flops, type Peer } from './peer.ts';

/** The WebGPU backend's queue, when that backend runs (the WASM backend computes synchronously). */
interface WebGpuBackend {
  endComputePassEncoder(): void;
  submitQueue(): void;
  commandEncoder: GPUCommandEncoder | null;
  queue: GPUQueue;
}

/** The WASM backend must be registered (and its .wasm files located) by the caller: bench/main.ts does. */
export async function tfjs(backend: 'webgpu' | 'wasm'): Promise<Peer> {
  if (!(await tf.setBackend(backend))) throw new Error(`TF.js backend ${backend} did not start`);
  await tf.ready();
  /**
   * Resolves when every kernel enqueued so far has run, without reading any output back: WebGPU
   * submits and waits for its queue; WASM ran each op when it was called.
   */
  const finished = async (): Promise<void> => {
    const b = tf.backend() as unknown as Partial<WebGpuBackend>;
    if (b.submitQueue && b.endComputePassEncoder && b.queue) {
      b.endComputePassEncoder();
      if (b.commandEncoder) b.submitQueue();
      await b.queue.onSubmittedWorkDone();
    }
  };
  const scalar = async (t: tf.Tensor): Promise<number> => (await t.data())[0];
  const dot = async (a: tf.Tensor, b: tf.Tensor): Promise<number> => {
    const s = tf.tidy(() => tf.sum(tf.mul(a, b)));
    const v = await scalar(s);
    s.dispose();
    return v;
  };
  /** A repeated case whose outputs TF.js frees after each is verified. */
  const repeated = <T extends tf.TensorContainer>(
    flops: number,
    once: () => T,
    verify: (out: T) => Promise<void>,
    dispose: () => void,
  ): Promise<Case> =>
    repeatedCase({
      flops,
      once,
      done: finished,
      verify: async (out) => {
        try {
          await verify(out);
        } finally {
          tf.dispose(out);
        }
      },
      dispose,
    });

  return {
    name: `tfjs-${backend}`,
    async matmul(n, a, b) {
      const A = tf.tensor2d(a, [n, n]);
      const B = tf.tensor2d(b, [n, n]);
      const want = productSum(a, b, n);
      return repeated(
        2 * n ** 3,
        () => tf.matMul(A, B),
        async (c) => {
          const s = tf.sum(c);
          expectNear('sum of the product', await scalar(s), want, SUM_TOLERANCE);
          s.dispose();
        },
        () => tf.dispose([A, B]),
      );
    },
    async mlp(batch, steps, readEveryStep) {
      const s = MLP.sizes;
      const vars = s
        .slice(1)
        .flatMap((out, i) => [
          tf.variable(tf.tensor2d(heUniform(s[i], s[i] * out, 100 + i), [s[i], out])),
          tf.variable(tf.zeros([out])),
        ]);
      const x = tf.tensor2d(randomArray(batch * s[0], 11, 0, 1), [batch, s[0]]);
      const y = tf.oneHot(tf.tensor1d(labels(batch, 10, 12), 'int32'), 10);
      const opt = tf.train.sgd(MLP.lr);
      const loss = (): tf.Scalar => {
        let h: tf.Tensor = x;
        for (let i = 0; i < vars.length; i += 2) {
          h = tf.add(tf.matMul(h, vars[i]), vars[i + 1]);
          if (i + 2 < vars.length) h = tf.relu(h);
        }
        return tf.losses.softmaxCrossEntropy(y, h) as tf.Scalar;
      };
      let kept: tf.Scalar[] = [];
      const checkLosses = lossChecker();
      return {
        flops: steps * mlpFlops(s, batch),
        examples: steps * batch,
        repeats: steps,
        async run() {
          kept = [];
          for (let i = 0; i < steps; i++) {
            const l = opt.minimize(loss, true)!;
            kept.push(l);
            if (readEveryStep) await l.data();
          }
          await finished();
        },
        async check() {
          const values = await Promise.all(kept.map(scalar));
          tf.dispose(kept);
          checkLosses(values);
        },
        dispose: () => tf.dispose([...vars, x, y, opt as unknown as tf.Tensor]),
      };
    },
    async conv(batch) {
      const { hw, channels: c, kernel: k } = CONV;
      const x = tf.tensor4d(positive(batch * hw * hw * c, 21), [batch, hw, hw, c]);
      // Tabula's [O, I, kh, kw] weights from the same draw, as TF.js's [kh, kw, I, O].
      const w = tf.tidy(() =>
        tf.transpose(tf.tensor4d(heUniform(c * k * k, c * c * k * k, 22), [c, c, k, k]), [2, 3, 1, 0]),
      );
      const gz = tf.tensor4d(positive(batch * hw * hw * c, 23), [batch, hw, hw, c]);
      // The forward with dZ as the upstream gradient, value and gradients: dX and dW.
      const vg = tf.valueAndGrads((xi: tf.Tensor, wi: tf.Tensor) =>
        tf.sum(tf.mul(tf.conv2d(xi as tf.Tensor4D, wi as tf.Tensor4D, 1, 'same'), gz)),
      );
      return repeated(
        convFlops(batch, hw, c, k),
        () => vg([x, w]),
        async ({ value, grads: [dx, dw] }) =>
          expectLinear('conv', await scalar(value), { '⟨x, dX⟩': await dot(x, dx), '⟨w, dW⟩': await dot(w, dw) }),
        () => tf.dispose([x, w, gz]),
      );
    },
    async attention(shape) {
      const { batch: b, seq: t, width: d, heads: h } = shape;
      const dh = d / h;
      // A variable, so that dX is computed as Tabula's block does.
      const x = tf.variable(tf.tensor3d(positive(b * t * d, 31), [b, t, d]));
      const g = tf.tensor3d(positive(b * t * d, 32), [b, t, d]);
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
      const [wo, bo] = [params[6], params[7]];
      return repeated(
        attentionFlops(shape),
        () => tf.variableGrads(forward),
        async ({ value, grads }) => {
          const loss = await scalar(value);
          expectLinear('attention', loss, {
            '⟨W_o, dW_o⟩ + ⟨b_o, db_o⟩': (await dot(wo, grads[wo.name])) + (await dot(bo, grads[bo.name])),
          });
          for (const gp of Object.values(grads))
            if (!((await dot(gp, gp)) > 0)) throw new Error('a gradient is zero or not finite');
        },
        () => tf.dispose([x, g, ...params]),
      );
    },
    async resnet(batch) {
      const { hw, channels, classes, lr } = RESNET;
      const vars: tf.Variable[] = [];
      const variable = (t: tf.Tensor): tf.Variable => {
        const v = tf.variable(t);
        vars.push(v);
        return v;
      };
      let seed = 60;
      const conv = (k: number, i: number, o: number, stride = 1) => {
        const w = variable(tf.tensor4d(heUniform(i * k * k, k * k * i * o, seed++), [k, k, i, o]));
        return (x: tf.Tensor4D): tf.Tensor4D => tf.conv2d(x, w as tf.Tensor4D, stride, 'same');
      };
      // BatchNorm in training mode: the batch's statistics over N, H and W.
      const norm = (c: number) => {
        const [gamma, beta] = [variable(tf.ones([c])), variable(tf.zeros([c]))];
        return (x: tf.Tensor4D): tf.Tensor4D => {
          const { mean, variance } = tf.moments(x, [0, 1, 2]);
          return tf.batchNorm4d(
            x,
            mean as tf.Tensor1D,
            variance as tf.Tensor1D,
            beta as tf.Tensor1D,
            gamma as tf.Tensor1D,
            1e-5,
          );
        };
      };
      const stem = [conv(3, channels, 16), norm(16)];
      const blocks = RESNET20_BLOCKS.map(({ inC, outC, stride }) => ({
        c1: conv(3, inC, outC, stride),
        n1: norm(outC),
        c2: conv(3, outC, outC),
        n2: norm(outC),
        shortcut: stride !== 1 ? [conv(1, inC, outC, stride), norm(outC)] : null,
      }));
      const fcW = variable(tf.tensor2d(heUniform(64, 64 * classes, seed++), [64, classes]));
      const fcB = variable(tf.zeros([classes]));
      const x = tf.tensor4d(randomArray(batch * hw * hw * channels, 51), [batch, hw, hw, channels]);
      const y = tf.oneHot(tf.tensor1d(labels(batch, classes, 52), 'int32'), classes);
      const loss = (): tf.Scalar => {
        let h = tf.relu(stem[1](stem[0](x)));
        for (const b of blocks) {
          const r = b.n2(b.c2(tf.relu(b.n1(b.c1(h)))));
          h = tf.relu(tf.add(r, b.shortcut ? b.shortcut[1](b.shortcut[0](h)) : h));
        }
        return tf.losses.softmaxCrossEntropy(y, tf.add(tf.matMul(tf.mean(h, [1, 2]), fcW), fcB)) as tf.Scalar;
      };
      const opt = tf.train.momentum(lr, 0.9);
      let kept: tf.Scalar | null = null;
      const checkLosses = lossChecker();
      return {
        flops: resnet20Flops(batch, classes),
        examples: batch,
        repeats: 1,
        async run() {
          kept = opt.minimize(loss, true)!;
          await finished();
        },
        async check() {
          const l = await scalar(kept!);
          kept!.dispose();
          checkLosses([l]);
        },
        dispose: () => tf.dispose([...vars, x, y, opt as unknown as tf.Tensor]),
      };
    },
    async close() {
      tf.disposeVariables();
    },
  };
}
