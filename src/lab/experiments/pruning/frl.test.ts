import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GpuContext } from '../../../gpu/context.ts';
import { randomArray, testContext } from '../../../gpu/testing.ts';
import { GpuSplit } from '../../loader.ts';
import {
  clientSplits,
  fedAvg,
  frl,
  labelShards,
  rankPositions,
  voteOrder,
  type FedSpec,
  type FrlState,
} from './frl.ts';
import { accuracy, SupermaskMlp, trainEpochs } from './supermask.ts';
import { quadrants } from './quadrants.ts';

const data = quadrants();

describe('FRL ranking and voting (CPU)', () => {
  it('rankPositions is the ascending position of |v|, ties broken by index', () => {
    for (const n of [1, 3, 17, 130, 1000]) {
      const v = randomArray(n, n).map((x, i) => (i % 7 === 3 ? 0.5 : x));
      const order = [...v.keys()].sort((a, b) => Math.abs(v[a]) - Math.abs(v[b]) || a - b);
      const pos = rankPositions(v);
      order.forEach((edge, j) => expect(pos[edge]).toBe(j));
    }
  });

  it('a minority of reversed rankings does not change the vote; a majority flips it', () => {
    const honest = rankPositions(randomArray(257, 5));
    const reversed = honest.map((p) => 256 - p);
    const vote = (k: number, m: number) => {
      const v = new Float64Array(257);
      for (let c = 0; c < k; c++) (c < m ? reversed : honest).forEach((p, i) => (v[i] += p));
      return voteOrder(v);
    };
    const byRank = (pos: Uint32Array) => Uint32Array.from([...pos.keys()].sort((a, b) => pos[a] - pos[b]));
    expect([...vote(10, 2)]).toEqual([...byRank(honest)]);
    expect([...vote(10, 8)]).toEqual([...byRank(reversed)]);
  });

  it('label shards partition the examples, at most `shards` labels per client when shards align with classes', () => {
    const labels = Uint8Array.from({ length: 400 }, (_, i) => i % 10);
    const parts = labelShards(labels, 5, 2, 3);
    expect(parts.reduce((a, p) => a + p.length, 0)).toBe(400);
    expect(new Set(parts.flatMap((p) => [...p])).size).toBe(400);
    for (const p of parts) expect(new Set([...p].map((i) => labels[i])).size).toBeLessThanOrEqual(2);
  });
});

describe('supermask and federated training (GPU, tiny)', () => {
  let ctx: GpuContext;
  let test: GpuSplit;
  let clients: GpuSplit[];
  const spec: FedSpec = {
    hidden: [16],
    clients: 4,
    shardsPerClient: 2,
    rounds: 2,
    density: 0.5,
    frl: { optimizer: 'sgd', lr: 0.5, momentum: 0.9, batch: 32, epochs: 1 },
    fedavg: { optimizer: 'sgd', lr: 0.1, momentum: 0.9, batch: 32, epochs: 1 },
    attackScale: 5,
  };
  beforeAll(async () => {
    ctx = await testContext();
    test = new GpuSplit(ctx, data, data.test);
    clients = clientSplits(ctx, data, data.train, labelShards(data.train.labels, 4, 2, 1));
  });
  afterAll(() => [test, ...clients].forEach((s) => s.dispose()));

  it('a supermask over frozen random weights learns the task well above chance; the weights never move', async () => {
    const train = new GpuSplit(ctx, data, data.train);
    const model = new SupermaskMlp(ctx, [16, 32, 4], 0.5, 1, 1);
    try {
      const w0 = await model.layers[0].weight.read();
      await trainEpochs(model, train, { optimizer: 'sgd', lr: 0.5, momentum: 0.9, batch: 32, epochs: 3 }, 1);
      expect(await accuracy(model, test)).toBeGreaterThan(0.7);
      expect([...(await model.layers[0].weight.read())]).toEqual([...w0]);
      const kept = (await model.masks()).map((m) => m.reduce((a, v) => a + v, 0));
      expect(kept).toEqual(model.layers.map((l) => l.keep));
    } finally {
      model.dispose();
      train.dispose();
    }
  });

  it('FRL yields an accuracy per round and a consistent final state; FedAvg runs on the same clients', async () => {
    const accs: number[] = [];
    const it = frl(ctx, clients, test, 4, spec, 1, 1);
    let state: FrlState | undefined;
    for (let r = await it.next(); ; r = await it.next()) {
      if (r.done) {
        state = r.value;
        break;
      }
      accs.push(r.value.accuracy);
    }
    expect(accs).toHaveLength(2);
    expect(state!.shapes).toEqual([
      [16, 16],
      [16, 4],
    ]);
    state!.globalRank.forEach((rank) => expect(new Set(rank).size).toBe(rank.length));
    const a = state!.agreement;
    expect(a).toHaveLength(25);
    for (let i = 0; i < 5; i++) expect(a[i * 5 + i]).toBeCloseTo(1, 6);
    // The reversing client (0) shares less of its top-k with the global vote than any honest one.
    for (let c = 1; c < 4; c++) expect(a[0 * 5 + 4]).toBeLessThan(a[c * 5 + 4]);
    const fed: number[] = [];
    for await (const r of fedAvg(ctx, clients, test, 4, spec, 1, 0)) fed.push(r.accuracy);
    expect(fed).toHaveLength(2);
    expect(fed[1]).toBeGreaterThan(0.4);
  });
});
