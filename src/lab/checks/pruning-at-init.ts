/**
 * The pruning-at-init checks (rules: rules/pruning-at-init.ts): the GPU runs that measure FRL
 * against FedAvg under attack, random search over node masks with its planted control, and layer
 * against filter pruning at init.
 */
import { GpuSplit } from '../loader.ts';
import { frl, fedAvg, federatedData, maliciousCount } from '../experiments/pruning/frl.ts';
import { accuracy, SupermaskMlp, trainEpochs } from '../experiments/pruning/supermask.ts';
import { randomSearch, searchSplits } from '../experiments/pruning/random-search.ts';
import { ARMS, probeBatch, trainArm, type ArmResult } from '../experiments/pruning/layer-pruning.ts';
import { checkOf, type Check, type CheckEnv } from './check.ts';
import { pt } from './format.ts';
import {
  FRL_TEST,
  FRL_TRAIN,
  frlRobust,
  frlSpec,
  layerLottery,
  LP_TRAIN,
  lpSpec,
  MALICIOUS,
  randomSearchNull,
  RS_DENSITIES,
  RS_K,
  rsSpec,
  SUPERMASK_EPOCHS,
  type FrlMeasure,
  type LayerMeasure,
  type SearchMeasure,
} from './rules/pruning-at-init.ts';

async function lastAccuracy(it: AsyncGenerator<{ accuracy: number }, unknown>): Promise<number> {
  let acc = NaN;
  for (let r = await it.next(); !r.done; r = await it.next()) acc = r.value.accuracy;
  return acc;
}

async function frlRuns(env: CheckEnv): Promise<FrlMeasure[]> {
  const data = await env.dataset('mnist');
  const out: FrlMeasure[] = [];
  for (const seed of env.seeds) {
    const { clients, test, classes, indices } = await federatedData(
      env.gpu,
      data,
      FRL_TRAIN,
      FRL_TEST,
      frlSpec.clients,
      frlSpec.shardsPerClient,
      seed,
    );
    try {
      const bad = maliciousCount(frlSpec.clients, MALICIOUS);
      const acc: Record<string, number> = {};
      for (const [method, m] of [
        ['FRL', 0],
        ['FRL', bad],
        ['FedAvg', 0],
        ['FedAvg', bad],
      ] as const) {
        const it =
          method === 'FRL'
            ? frl(env.gpu, clients, test, classes, frlSpec, seed, m)
            : fedAvg(env.gpu, clients, test, classes, frlSpec, seed, m);
        acc[`${method}/${m}`] = await lastAccuracy(it);
      }
      const model = new SupermaskMlp(env.gpu, [784, ...frlSpec.hidden, classes], frlSpec.density, seed, seed);
      const all = new GpuSplit(env.gpu, data, data.train, indices);
      let central = NaN;
      try {
        await trainEpochs(model, all, { ...frlSpec.frl, lr: 0.1, batch: 50, epochs: SUPERMASK_EPOCHS }, seed);
        central = await accuracy(model, test);
      } finally {
        model.dispose();
        all.dispose();
      }
      out.push({
        frl: { clean: acc['FRL/0'], attacked: acc[`FRL/${bad}`] },
        fedAvg: { clean: acc['FedAvg/0'], attacked: acc[`FedAvg/${bad}`] },
        central,
      });
      env.log(
        `seed ${seed}: FRL clean ${pt(acc['FRL/0'])} attacked ${pt(acc[`FRL/${bad}`])}; FedAvg clean ${pt(acc['FedAvg/0'])} attacked ${pt(acc[`FedAvg/${bad}`])}; central supermask ${pt(central)}`,
      );
    } finally {
      clients.forEach((c) => c.dispose());
      test.dispose();
    }
  }
  return out;
}

/** Per seed, best-of-K's test accuracy minus the plain random mask's (same init), and whether the plant won. */
async function searchGains(
  env: CheckEnv,
  splits: Awaited<ReturnType<typeof searchSplits>>,
  density: number,
  planted: boolean,
): Promise<Array<{ gain: number; pickedPlant: boolean }>> {
  const out = [];
  for (const seed of env.seeds) {
    const { train, val, test } = splits;
    const it = randomSearch(env.gpu, train, val, test, rsSpec(density, planted), seed, { inputs: 784, classes: 10 });
    let r = await it.next();
    while (!r.done) r = await it.next();
    const { bestOfK, proxy, best } = r.value;
    out.push({ gain: bestOfK[bestOfK.length - 1] - bestOfK[0], pickedPlant: planted && best === RS_K - 1 });
    env.log(
      `density ${density}${planted ? ' planted' : ''} seed ${seed}: proxies ${proxy.map(pt).join(' ')}; best-of-k finals ${bestOfK.map(pt).join(' ')}`,
    );
  }
  return out;
}

async function searches(env: CheckEnv): Promise<SearchMeasure[]> {
  const data = await env.dataset('mnist');
  const splits = await searchSplits(env.gpu, data, 1000, 500, 1000, 1);
  try {
    const out: SearchMeasure[] = env.seeds.map(() => []);
    for (const d of RS_DENSITIES) {
      const plain = await searchGains(env, splits, d, false);
      const plant = await searchGains(env, splits, d, true);
      out.forEach((m, k) =>
        m.push({ plain: plain[k].gain, planted: plant[k].gain, pickedPlant: plant[k].pickedPlant }),
      );
    }
    return out;
  } finally {
    [splits.train, splits.val, splits.test].forEach((x) => x.dispose());
  }
}

async function layerRuns(env: CheckEnv): Promise<LayerMeasure[]> {
  const data = await env.dataset('fashion-mnist');
  const { train, val, test } = await searchSplits(env.gpu, data, LP_TRAIN, 256, 1000, 1);
  const probe = probeBatch(val, 256).keep();
  try {
    const out: LayerMeasure[] = [];
    for (const seed of env.seeds) {
      const res = {} as Record<(typeof ARMS)[number], ArmResult>;
      for (const arm of ARMS) res[arm] = await trainArm(env.gpu, arm, lpSpec, seed, train, test, probe, 10);
      env.log(
        `seed ${seed}: ${ARMS.map((a) => `${a} ${pt(res[a].accuracy)}% (${res[a].parameters} params, ${res[a].seconds.toFixed(1)} s)`).join('; ')}; removed blocks ${res.layer.kept
          .map((k, i) => (k ? '' : i))
          .filter((x) => x !== '')
          .join(',')}`,
      );
      out.push(res);
    }
    return out;
  } finally {
    probe.dispose();
    [train, val, test].forEach((x) => x.dispose());
  }
}

export const atInitChecks: Check[] = [
  checkOf(frlRobust, frlRuns),
  checkOf(randomSearchNull, searches),
  checkOf(layerLottery, layerRuns),
];
