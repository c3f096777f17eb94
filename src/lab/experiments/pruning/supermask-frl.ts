/**
 * The supermask-frl runner: FRL and FedAvg, each clean and with the malicious share attacking, on
 * the same label-shard clients. Series: `fed/<FRL|FedAvg>/<clean|attacked>` (test accuracy) at
 * step = round; heatmaps `frl/rank/fc<i>` (global rank / (n − 1) of every edge, [in, out]) and
 * `frl/agreement` ([senders + global]², shared top-k fraction, labels name the senders) at the
 * end of the attacked FRL run.
 */
import type { EventOf, ExperimentRun, ParamsOf, RunContext, SpecOf } from '../../experiment.ts';
import { fedAvg, federatedData, frl, maliciousCount, type FedSpec, type FrlState } from './frl.ts';
import type { LocalTrainSpec } from './supermask.ts';
import { defineRun } from '../../declare.ts';
import { supermaskFrl } from './supermask-frl.experiment.ts';

type FrlEvent = EventOf<typeof supermaskFrl>;

function fedSpecOf(p: ParamsOf<typeof supermaskFrl.params>): FedSpec {
  const local = (lr: number): LocalTrainSpec => ({
    optimizer: 'sgd',
    lr,
    momentum: 0.9,
    batch: p.batch,
    epochs: p.localEpochs,
  });
  return {
    hidden: [...p.hidden],
    clients: p.clients,
    shardsPerClient: p.shards,
    rounds: p.rounds,
    density: p.density,
    frl: local(p.lrScores),
    fedavg: local(p.lrWeights),
    attackScale: p.attackScale,
  };
}

function* frlSnapshots(state: FrlState, labels: string[], step: number): Generator<FrlEvent> {
  for (const [i, rank] of state.globalRank.entries()) {
    const n = rank.length;
    yield {
      type: 'snapshot',
      snapshot: {
        kind: 'heatmap',
        name: `frl/rank/fc${i + 1}`,
        step,
        shape: state.shapes[i],
        data: Float32Array.from(rank, (r) => r / Math.max(1, n - 1)),
      },
    };
  }
  yield {
    type: 'snapshot',
    snapshot: {
      kind: 'heatmap',
      name: 'frl/agreement',
      step,
      shape: [labels.length, labels.length],
      data: state.agreement,
      labels,
    },
  };
}

async function* runFrl(ctx: RunContext, spec: SpecOf<typeof supermaskFrl>): AsyncGenerator<FrlEvent> {
  const p = spec.params;
  const fed = fedSpecOf(p);
  const data = await ctx.dataset(p.dataset);
  const { clients, test, classes } = await federatedData(
    ctx.gpu,
    data,
    p.trainSize,
    p.testSize,
    fed.clients,
    fed.shardsPerClient,
    spec.seed,
  );
  const bad = maliciousCount(fed.clients, p.malicious);
  const labels = [...clients.map((_, c) => `client ${c + 1}${c < bad ? ' (malicious)' : ''}`), 'global'];
  // Every client trains its local epochs each round, in each of the four arms (FRL and FedAvg, clean and attacked).
  const roundSteps = clients.reduce((a, c) => a + p.localEpochs * Math.ceil(c.count / p.batch), 0);
  ctx.work.plan(4 * fed.rounds * roundSteps);
  const hooks = { checkpoint: ctx.work.step };
  const final: Record<string, number> = {};
  try {
    yield {
      type: 'log',
      message: `${fed.clients} clients (${bad} malicious) with ${clients.map((c) => c.count).join('/')} examples, ${fed.rounds} rounds, supermask k = ${fed.density}`,
    };
    for (const method of ['FRL', 'FedAvg'] as const) {
      for (const arm of ['clean', 'attacked'] as const) {
        const m = arm === 'clean' ? 0 : bad;
        const it =
          method === 'FRL'
            ? frl(ctx.gpu, clients, test, classes, fed, spec.seed, m, hooks)
            : fedAvg(ctx.gpu, clients, test, classes, fed, spec.seed, m, hooks);
        for (let round = 1; ; round++) {
          if (round <= fed.rounds)
            ctx.work.span(roundSteps, { label: `round ${round} of ${method} (${arm})`, examplesPerUnit: p.batch });
          const r = await it.next();
          if (r.done) {
            if (r.value && arm === 'attacked') yield* frlSnapshots(r.value, labels, fed.rounds);
            break;
          }
          final[`${method} ${arm}`] = r.value.accuracy;
          yield { type: 'metric', name: `fed/${method}/${arm}`, step: r.value.round, value: r.value.accuracy };
        }
      }
    }
    const drop = (m: string) => final[`${m} clean`] - final[`${m} attacked`];
    yield {
      type: 'log',
      message: `accuracy drop under attack: FRL ${(100 * drop('FRL')).toFixed(1)} pt, FedAvg ${(100 * drop('FedAvg')).toFixed(1)} pt`,
    };
    yield {
      type: 'done',
      summary: Object.fromEntries(Object.entries(final).map(([k, v]) => [k, Number(v.toFixed(4))])),
    };
  } finally {
    clients.forEach((c) => c.dispose());
    test.dispose();
  }
}

export const supermaskFrlRunner: ExperimentRun = defineRun(supermaskFrl, runFrl);
