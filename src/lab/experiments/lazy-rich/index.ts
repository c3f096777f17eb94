import type { Experiment } from '../../experiment.ts';
import { connectivity } from './connectivity.ts';
import { criticality } from './criticality.ts';
import { grokPoly } from './grok-poly.ts';
import { modularGrok } from './modular.ts';
import { xorBenign } from './xor.ts';

export const lazyRichExperiments: readonly Experiment[] = [grokPoly, xorBenign, modularGrok, connectivity, criticality];
