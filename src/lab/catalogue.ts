/**
 * What the lab offers: the families and their experiments' declarations (src/lab/experiments/<family>/),
 * as plain data. The UI thread imports this without pulling in any GPU code: each declaration
 * loads its runner on demand, in the worker or the CLI.
 */
import type {
  ExperimentDeclaration,
  ExperimentMeta,
  Family,
  FamilyId,
  ParamValues,
  Preset,
  RunSpec,
} from './experiment.ts';
import { SPEC_VERSION } from './experiment.ts';
import { trainFamily } from './experiments/train/index.ts';
import { pruningFamily } from './experiments/pruning/index.ts';
import { lazyRichFamily } from './experiments/lazy-rich/index.ts';
import { landscapeFamily } from './experiments/landscape/index.ts';
import { attentionFamily } from './experiments/attention/index.ts';
import { kernelsFamily } from './experiments/kernels/index.ts';
import { dataFamily } from './experiments/data/index.ts';
import { representationsFamily } from './experiments/representations/index.ts';

export const FAMILIES: readonly Family[] = [
  trainFamily,
  pruningFamily,
  lazyRichFamily,
  landscapeFamily,
  attentionFamily,
  kernelsFamily,
  dataFamily,
  representationsFamily,
];

/** Every experiment, family by family. */
export const CATALOGUE: readonly ExperimentDeclaration[] = FAMILIES.flatMap((f) => f.experiments);

export function familyOf(id: FamilyId): Family | undefined {
  return FAMILIES.find((f) => f.id === id);
}

export function metaById(id: string, catalogue: readonly ExperimentMeta[] = CATALOGUE): ExperimentMeta | undefined {
  return catalogue.find((m) => m.id === id);
}

/** The spec an experiment runs with when nothing is changed. */
export function defaultSpec(meta: ExperimentMeta, seed = 1): RunSpec {
  const params: ParamValues = {};
  for (const [key, p] of Object.entries(meta.params))
    params[key] = Array.isArray(p.default) ? [...p.default] : p.default;
  return { version: SPEC_VERSION, experiment: meta.id, seed, params };
}

/** The larger setting an experiment proposes on a real GPU (Preset.gpu), if it has one. */
export function gpuPreset(meta: ExperimentMeta): Preset | undefined {
  return meta.presets?.find((p) => p.gpu);
}

/** The defaults with a preset's values over them. */
export function presetSpec(meta: ExperimentMeta, preset: Preset, seed = 1): RunSpec {
  const spec = defaultSpec(meta, seed);
  return { ...spec, params: { ...spec.params, ...preset.params } };
}
