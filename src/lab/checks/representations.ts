/**
 * The representations family's checks: each runs its rule's setting (rules/representations.ts)
 * through the experiment's runner, one run per seed, and judges what the runs recorded.
 */
import { checkOf, type Check } from './check.ts';
import { measureSeeds } from './run-setting.ts';
import { adversarialPowerLawRule } from './rules/representations.ts';
import { codebookFeaturesRule } from './rules/representations-codebook.ts';

export const checks: Check[] = [
  checkOf(adversarialPowerLawRule, (env) => measureSeeds(env, adversarialPowerLawRule)),
  checkOf(codebookFeaturesRule, (env) => measureSeeds(env, codebookFeaturesRule)),
];
