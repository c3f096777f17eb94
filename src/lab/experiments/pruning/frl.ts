/**
 * Federated Rank Learning (Mozaffari, Shejwalkar, Houmansadr, 2110.04350) against FedAvg, with
 * simulated clients run one after another on the one GPU.
 *
 * FRL: every client shares the frozen random weights of a supermask MLP (supermask.ts). Each round
 * a client starts from the global scores, trains them on its own data, and sends only its
 * ranking of each layer's edges (by |score|, ascending). The server adds up the rank positions
 * (a vote), sorts the edges by their total, and hands the sorted initial score magnitudes back
 * out in that order, so the global top-k by |score| is the top-k of the vote. A malicious client
 * sends its ranking reversed. FedAvg: clients send weight updates and the server averages them; a
 * malicious client sends its update negated and scaled by `attackScale`.
 *
 * The rankings are sorted on the CPU (one typed-array sort per layer and client): the GPU work is
 * the clients' training, and a sort of ~10⁵ keys costs less than a training step here.
 */
import type { GpuContext } from '../../../gpu/context.ts';
import { disposeModel, mlp, restore, snapshot } from '../../../gpu/nn.ts';
import { GpuSplit, permutation } from '../../loader.ts';
import { streams } from '../../../gpu/streams.ts';
import type { Dataset, Split } from '../../datasets.ts';
import { labelsOf, seededSubset } from '../../datasets.ts';
import { accuracy, SupermaskMlp, trainEpochs, type LocalTrainSpec } from './supermask.ts';

export interface FedSpec {
  /** Hidden widths of the MLP. */
  hidden: number[];
  clients: number;
  /** Label shards per client (2: each client sees about two classes). */
  shardsPerClient: number;
  rounds: number;
  /** Fraction of each layer's edges in the supermask (FRL's k; the paper: 50%). */
  density: number;
  /** Local training of the supermask scores (FRL) and of the weights (FedAvg). */
  frl: LocalTrainSpec;
  fedavg: LocalTrainSpec;
  /** Scale of the negated update a malicious FedAvg client sends. */
  attackScale: number;
}

/**
 * Non-IID client splits by label shards (McMahan et al. 2017): the examples sorted by label are
 * cut into clients·shardsPerClient equal shards, dealt to clients in a seeded random order.
 */
export function labelShards(
  labels: ArrayLike<number>,
  clients: number,
  shardsPerClient: number,
  seed: number,
): Uint32Array[] {
  const n = labels.length;
  const byLabel = Uint32Array.from({ length: n }, (_, i) => i).sort((a, b) => labels[a] - labels[b] || a - b);
  const shards = clients * shardsPerClient;
  if (n < shards) throw new Error(`${n} examples cannot make ${shards} shards`);
  const deal = permutation(shards, seed, streams.data(200));
  return Array.from({ length: clients }, (_, c) => {
    const parts: number[] = [];
    for (let j = 0; j < shardsPerClient; j++) {
      const s = deal[c * shardsPerClient + j];
      parts.push(...byLabel.subarray(Math.floor((s * n) / shards), Math.floor(((s + 1) * n) / shards)));
    }
    return Uint32Array.from(parts);
  });
}

/** Number of malicious clients for a fraction (the first ones are malicious; shards are dealt at random). */
export const maliciousCount = (clients: number, fraction: number): number => Math.round(clients * fraction);

/** Position of every entry in the ascending order of |v| (ties by index): the ranking a client sends. */
export function rankPositions(v: Float32Array): Uint32Array {
  const n = v.length;
  if (n > 2 ** 20) throw new Error(`rankPositions: ${n} entries exceed 2^20`);
  // |v| as f32 bits orders like the value; index in the low 20 bits breaks ties (exact in f64).
  const bits = new Uint32Array(Float32Array.from(v, Math.abs).buffer);
  const keys = Float64Array.from(bits, (b, i) => b * 2 ** 20 + i).sort();
  const pos = new Uint32Array(n);
  keys.forEach((k, j) => (pos[k % 2 ** 20] = j));
  return pos;
}

/** Edges in ascending order of their summed rank positions (ties by index). */
export function voteOrder(votes: Float64Array): Uint32Array {
  if (votes.length > 2 ** 20) throw new Error(`voteOrder: ${votes.length} entries exceed 2^20`);
  const keys = Float64Array.from(votes, (v, i) => v * 2 ** 20 + i).sort();
  return Uint32Array.from(keys, (k) => k % 2 ** 20);
}

export interface FedRound {
  round: number;
  accuracy: number;
}

export interface FrlState {
  /** Per layer, the global rank position of every edge (0 = least important), [in, out] row-major. */
  globalRank: Uint32Array[];
  shapes: number[][];
  /** [clients + 1]², fraction of top-k edges two senders share (all layers); the last row/column is the global top-k. */
  agreement: Float32Array;
}

export interface FedHooks {
  checkpoint?: () => Promise<void>;
}

/** One GpuSplit per client from index lists into `split`. */
export function clientSplits(ctx: GpuContext, data: Dataset, split: Split, parts: Uint32Array[]): GpuSplit[] {
  return parts.map((p) => new GpuSplit(ctx, data, split, p));
}

function agreementMatrix(topk: Uint8Array[], keepTotal: number): Float32Array {
  const m = topk.length;
  const out = new Float32Array(m * m);
  for (let a = 0; a < m; a++) {
    for (let b = a; b < m; b++) {
      let shared = 0;
      const x = topk[a];
      const y = topk[b];
      for (let i = 0; i < x.length; i++) shared += x[i] & y[i];
      out[a * m + b] = out[b * m + a] = shared / keepTotal;
    }
  }
  return out;
}

/**
 * FRL for `spec.rounds` rounds; yields the global model's test accuracy after every round and
 * returns the final ranking and the last round's agreement between senders.
 */
export async function* frl(
  ctx: GpuContext,
  clients: GpuSplit[],
  test: GpuSplit,
  classes: number,
  spec: FedSpec,
  seed: number,
  malicious: number,
  hooks: FedHooks = {},
): AsyncGenerator<FedRound, FrlState> {
  const sizes = [clients[0].dim, ...spec.hidden, classes];
  const model = new SupermaskMlp(ctx, sizes, spec.density, seed, seed);
  try {
    const shapes = model.layers.map((l) => [...l.scores.shape]);
    const init: Float32Array[] = [];
    for (const l of model.layers) init.push((await l.scores.read()) as Float32Array);
    const sortedInit = init.map((s) => Float32Array.from(s, Math.abs).sort());
    let global = init;
    let globalRank = init.map(rankPositions);
    let agreement: Float32Array = new Float32Array(0);
    const keepTotal = model.layers.reduce((a, l) => a + l.keep, 0);
    const topkOf = (pos: Uint32Array[]): Uint8Array => {
      const out = new Uint8Array(pos.reduce((a, p) => a + p.length, 0));
      let off = 0;
      pos.forEach((p, li) => {
        const cut = p.length - model.layers[li].keep;
        p.forEach((r, i) => (out[off + i] = r >= cut ? 1 : 0));
        off += p.length;
      });
      return out;
    };
    for (let round = 1; round <= spec.rounds; round++) {
      const votes = shapes.map((s) => new Float64Array(s[0] * s[1]));
      const sent: Uint8Array[] = [];
      for (const [c, split] of clients.entries()) {
        model.layers.forEach((l, i) => ctx.write(l.scores, global[i]));
        await trainEpochs(model, split, spec.frl, seed + 1000 * c, round * spec.frl.epochs, hooks.checkpoint);
        const ranks: Uint32Array[] = [];
        for (const l of model.layers) {
          const pos = rankPositions((await l.scores.read()) as Float32Array);
          // The reversal attack: the edges this client finds most useful are voted least important.
          ranks.push(c < malicious ? pos.map((p) => pos.length - 1 - p) : pos);
        }
        ranks.forEach((r, i) => r.forEach((p, j) => (votes[i][j] += p)));
        sent.push(topkOf(ranks));
      }
      const orders = votes.map(voteOrder);
      global = orders.map((order, i) => {
        const s = new Float32Array(order.length);
        order.forEach((edge, j) => (s[edge] = sortedInit[i][j]));
        return s;
      });
      globalRank = orders.map((order) => {
        const pos = new Uint32Array(order.length);
        order.forEach((edge, j) => (pos[edge] = j));
        return pos;
      });
      agreement = agreementMatrix([...sent, topkOf(globalRank)], keepTotal);
      model.layers.forEach((l, i) => ctx.write(l.scores, global[i]));
      yield { round, accuracy: await accuracy(model, test) };
    }
    return { globalRank, shapes, agreement };
  } finally {
    model.dispose();
  }
}

/** FedAvg on the same clients with an ordinary MLP (with biases), malicious clients sending −attackScale·Δ. */
export async function* fedAvg(
  ctx: GpuContext,
  clients: GpuSplit[],
  test: GpuSplit,
  classes: number,
  spec: FedSpec,
  seed: number,
  malicious: number,
  hooks: FedHooks = {},
): AsyncGenerator<FedRound> {
  const model = mlp(ctx, [clients[0].dim, ...spec.hidden, classes], { seed, activation: 'relu' });
  try {
    let global = await snapshot(model);
    for (let round = 1; round <= spec.rounds; round++) {
      const sum = new Map([...global].map(([k, v]) => [k, new Float64Array(v.length)]));
      for (const [c, split] of clients.entries()) {
        restore(model, global);
        await trainEpochs(model, split, spec.fedavg, seed + 1000 * c, round * spec.fedavg.epochs, hooks.checkpoint);
        const scale = c < malicious ? -spec.attackScale : 1;
        for (const [k, w] of await snapshot(model)) {
          const g = global.get(k)!;
          const acc = sum.get(k)!;
          for (let i = 0; i < w.length; i++) acc[i] += scale * (w[i] - g[i]);
        }
      }
      global = new Map(
        [...global].map(([k, g]) => [k, Float32Array.from(g, (v, i) => v + sum.get(k)![i] / clients.length)]),
      );
      restore(model, global);
      yield { round, accuracy: await accuracy(model, test) };
    }
  } finally {
    disposeModel(model);
  }
}

/** The label-shard clients of a seeded train subset, and the test split. */
export async function federatedData(
  ctx: GpuContext,
  data: Dataset,
  trainSize: number,
  testSize: number,
  clients: number,
  shards: number,
  seed: number,
) {
  const idx = seededSubset(data.train, Math.min(trainSize, data.train.count), seed + streams.data(0));
  const parts = labelShards(labelsOf(data.train, idx), clients, shards, seed).map((p) =>
    Uint32Array.from(p, (j) => idx[j]),
  );
  return {
    clients: clientSplits(ctx, data, data.train, parts),
    test: new GpuSplit(
      ctx,
      data,
      data.test,
      Uint32Array.from({ length: Math.min(testSize, data.test.count) }, (_, i) => i),
    ),
    classes: data.manifest.classes.length,
    /** The train subset (all clients' examples), for a central baseline on the same data. */
    indices: idx,
  };
}
