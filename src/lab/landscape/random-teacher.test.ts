import { describe, expect, it } from 'vitest';
import { features } from './ridge-probe.ts';
import { softDistillLoss, STUDENT_TEMPERATURE, TEACHER_TEMPERATURE, teacherNet } from './random-teacher.ts';
import { Linear, mlp, parameterCount } from '../../gpu/nn.ts';
import { randomArray, testContext } from '../../gpu/testing.ts';
import { gradCheck } from '../../gpu/gradcheck.ts';

describe('DINO-style distillation loss', () => {
  const B = 3;
  const C = 5;
  const s = randomArray(B * C, 1, -0.05, 0.05);
  const t = randomArray(B * C, 2, -0.05, 0.05);

  it('equals −mean_i Σ_c softmax(t/τt) log softmax(s/τs)', async () => {
    const g = await testContext();
    const out = g.scope(() => softDistillLoss(g.tensor(s, [B, C]), g.tensor(t, [B, C])).keep());
    const got = (await out.read())[0];
    out.dispose();
    const sm = (x: Float32Array, i: number, tau: number) => {
      const row = Array.from(x.subarray(i * C, (i + 1) * C), (v) => v / tau);
      const m = Math.max(...row);
      const e = row.map((v) => Math.exp(v - m));
      const z = e.reduce((a, b) => a + b, 0);
      return e.map((v) => v / z);
    };
    let want = 0;
    for (let i = 0; i < B; i++) {
      const p = sm(t, i, TEACHER_TEMPERATURE);
      const q = sm(s, i, STUDENT_TEMPERATURE);
      want -= p.reduce((a, pc, c) => a + pc * Math.log(q[c]), 0) / B;
    }
    expect(got).toBeCloseTo(want, 4);
  });

  it('has the finite-difference gradient with respect to the student outputs', async () => {
    const g = await testContext();
    const r = await gradCheck(
      g,
      ([a, b]) => softDistillLoss(a, b),
      [
        { data: s, shape: [B, C] },
        { data: t, shape: [B, C] },
      ],
      { wrt: [0], eps: 2e-3 },
    );
    expect(r.worst).toBeLessThanOrEqual(1);
  });
});

describe('random-teacher nets', () => {
  it('a conv teacher pools after each conv and its embedding reads the features a probe reads', async () => {
    const g = await testContext();
    const [B, H, W, C] = [3, 8, 4, 2];
    const net = teacherNet(g, [H, W, C], [3, 5], [7], 6, 11);
    // conv1 2→3, conv2 3→5, two 2×2 pools: 2×1×5 = 10 inputs to fc1.
    expect(parameterCount(net)).toBe(3 * 2 * 9 + 3 + 5 * 3 * 9 + 5 + 10 * 7 + 7 + 7 * 6 + 6);
    const x = g.tensor(randomArray(B * H * W * C, 3, 0, 1), [B, H * W * C]);
    const f = g.scope(() => features(net, x).keep());
    const out = g.scope(() => net.forward(x).keep());
    expect(f.shape).toEqual([B, 7]);
    expect(out.shape).toEqual([B, 6]);
    const fv = (await f.read()) as Float32Array;
    const ov = (await out.read()) as Float32Array;
    const head = net.layers.at(-1) as Linear;
    const w = (await head.weight.read()) as Float32Array;
    const b = (await head.bias!.read()) as Float32Array;
    expect(fv.every((v) => v >= 0) && fv.some((v) => v > 0)).toBe(true);
    for (let i = 0; i < B; i++) {
      for (let j = 0; j < 6; j++) {
        let s = b[j];
        for (let k = 0; k < 7; k++) s += fv[i * 7 + k] * w[k * 6 + j];
        expect(ov[i * 6 + j]).toBeCloseTo(s, 4);
      }
    }
    expect(() => teacherNet(g, [6, 6, 1], [2, 2], [4], 3, 1)).toThrow(/pool/);
  });

  it('without convs it is the plain MLP of the same seed', async () => {
    const g = await testContext();
    const a = teacherNet(g, [4, 4, 1], [], [5], 3, 9);
    const b = mlp(g, [16, 5, 3], { seed: 9, activation: 'relu' });
    for (const [p, q] of a.parameters().map((p, i) => [p, b.parameters()[i]])) {
      expect(p.name).toBe(q.name);
      expect(Array.from((await p.tensor.read()) as Float32Array)).toEqual(
        Array.from((await q.tensor.read()) as Float32Array),
      );
    }
  });
});
