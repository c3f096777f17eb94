/**
 * The attention family's checks: each runs its rule's setting (rules/attention.ts) through the
 * experiment's runner, one run per seed, and judges what the runs recorded.
 */
import { checkOf, type Check } from './check.ts';
import { measureOne } from './collect.ts';
import { measureSeeds, runSetting } from './run-setting.ts';
import {
  lazyNeuron,
  pfnMatchesGp,
  pointerHull,
  pointerSort,
  randomFeatures,
  RFA_TARGETS,
  sortLength8,
  vitMnist,
} from './rules/attention.ts';

const accuracies = (name: string) => name.endsWith('accuracy');

export const checks: Check[] = [
  checkOf(vitMnist, (env) => measureSeeds(env, vitMnist, accuracies)),
  checkOf(sortLength8, (env) => measureSeeds(env, sortLength8, accuracies)),
  checkOf(lazyNeuron, (env) => measureSeeds(env, lazyNeuron, (name) => name.startsWith('active/'))),
  checkOf(pfnMatchesGp, (env) => measureSeeds(env, pfnMatchesGp, (name) => name.startsWith('eval/'))),
  checkOf(pointerSort, (env) => measureSeeds(env, pointerSort, accuracies)),
  checkOf(pointerHull, (env) => measureSeeds(env, pointerHull, accuracies)),
  // One sweep per seed and target, so any list of seeds runs; a sweep of one seed draws exactly
  // what that seed draws in a longer sweep.
  checkOf(randomFeatures, async (env) => {
    const out = [];
    for (const seed of env.seeds) {
      const targets = [];
      for (const target of RFA_TARGETS)
        targets.push(
          measureOne(
            randomFeatures,
            await runSetting(env, randomFeatures, seed, { target, seeds: 1 }, (name) => !name.includes('lambda')),
          ),
        );
      out.push({ sizes: targets[0].sizes, targets: Object.assign({}, ...targets.map((m) => m.targets)) });
      env.log(`seed ${seed} done`);
    }
    return out;
  }),
];
