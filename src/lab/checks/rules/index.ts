/**
 * Every paper check's rule, family by family, as `npm run verify` lists them and the experiment
 * pages show them. GPU-free: the UI imports this (the checks' GPU runs load in verify only).
 */
import type { Rule } from '../rule.ts';
import { attentionRules } from './attention.ts';
import { dataRules } from './data.ts';
import { engineRules } from './engine.ts';
import { kernelsRules } from './kernels.ts';
import { representationsRules } from './representations.ts';
import { landscapeRules } from './landscape.ts';
import { lazyRichRules } from './lazy-rich.ts';
import { atInitRules } from './pruning-at-init.ts';
import { pruningRules } from './pruning.ts';

export interface RuleFamily {
  /** The family's name for `npm run verify -- <family>`. */
  id: string;
  title: string;
  rules: readonly Rule[];
}

export const RULE_FAMILIES: readonly RuleFamily[] = [
  { id: 'engine', title: 'Engine', rules: engineRules },
  { id: 'pruning', title: 'Pruning and lottery tickets', rules: [...pruningRules, ...atInitRules] },
  { id: 'lazy-rich', title: 'Lazy and rich training', rules: lazyRichRules },
  { id: 'landscape', title: 'Loss landscapes', rules: landscapeRules },
  { id: 'attention', title: 'Attention', rules: attentionRules },
  { id: 'kernels', title: 'Kernels, random features and infinite width', rules: kernelsRules },
  { id: 'data', title: 'Data-centric: example scores, subsets, label noise and distillation', rules: dataRules },
  { id: 'representations', title: 'Representations and robustness', rules: representationsRules },
];

/** The rules shown on experiment `id`'s page (those whose setting runs it, and those it stands for), in verify's order. */
export function rulesFor(id: string): Rule[] {
  return RULE_FAMILIES.flatMap((f) => f.rules).filter((r) => (r.setting?.experiment ?? r.experiment) === id);
}
