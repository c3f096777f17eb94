/**
 * The engine acceptance checks (rules: rules/engine.ts): full trainings through the engine's
 * training loop, and five steps of every full-width preset on one batch.
 */
import { defaultTrainSpec, trainRun, type TrainSpec } from '../train.ts';
import { checkOf, type Check, type CheckEnv } from './check.ts';
import { disposeModel } from '../../gpu/nn.ts';
import { randomArray } from '../../gpu/xorshift.ts';
import { fixedBatchLosses } from '../../gpu/models/fit-batch.ts';
import { buildPreset } from '../../gpu/models/index.ts';
import {
  CNN_TRAIN,
  cnnCifar,
  LENET_TRAIN,
  lenetFull,
  PRESETS,
  presetsLearn,
  VIT_TRAIN,
  vitMnist95,
  type PresetLosses,
  type TrainMeasure,
} from './rules/engine.ts';

/** Trains `spec` and returns its summary, or the error that ended it. */
async function trainOnce(env: CheckEnv, spec: TrainSpec): Promise<TrainMeasure> {
  const data = await env.dataset(spec.dataset);
  for await (const ev of trainRun(env.gpu, data, spec)) {
    if (ev.type === 'log') env.log(ev.message);
    if (ev.type === 'metric' && ev.split === 'test')
      env.log(`epoch ${ev.epoch}: test ${(100 * ev.accuracy).toFixed(2)}%`);
    if (ev.type === 'error') return { error: ev.message };
    if (ev.type === 'done') return ev.summary;
  }
  return { error: 'run ended without a summary' };
}

/** One training of `recipe` per seed. */
const trainings = (recipe: Partial<TrainSpec>) => async (env: CheckEnv) => {
  const out: TrainMeasure[] = [];
  for (const seed of env.seeds) out.push(await trainOnce(env, { ...defaultTrainSpec, ...recipe, seed }));
  return out;
};

async function presetLosses(env: CheckEnv): Promise<PresetLosses[]> {
  const ctx = env.gpu;
  const out: PresetLosses[] = [];
  for (const seed of env.seeds) {
    const presets: PresetLosses = [];
    for (const name of PRESETS) {
      const model = buildPreset(ctx, name, { inputShape: [32, 32, 3], classes: 10, seed });
      const x = ctx.tensor(randomArray(4 * 3072, seed, -1, 1), [4, 3072]).keep();
      const y = ctx.tensor([1, 3, 5, 7], [4], 'u32').keep();
      const losses = await fixedBatchLosses(model, x, y, 5, 1e-3);
      presets.push({ name, losses });
      env.log(`${name} ${losses[0].toFixed(3)}→${losses[4].toFixed(3)}`);
      x.dispose();
      y.dispose();
      disposeModel(model);
    }
    out.push(presets);
  }
  return out;
}

export const checks: Check[] = [
  checkOf(lenetFull, trainings(LENET_TRAIN)),
  checkOf(cnnCifar, trainings(CNN_TRAIN)),
  checkOf(vitMnist95, trainings(VIT_TRAIN)),
  checkOf(presetsLearn, presetLosses),
];
