// Parameters shared by several experiments of the pruning family.
import type { ParamSchema, ParamValues } from '../../experiment.ts';
export const dataset = {
  dataset: {
    kind: 'choice',
    label: 'Dataset',
    help: 'Which 28×28 grey image set to train on.',
    default: 'mnist',
    choices: [
      { value: 'mnist', label: 'MNIST (28×28 digits)' },
      { value: 'fashion-mnist', label: 'Fashion-MNIST (28×28 clothing)' },
    ],
  },
} satisfies ParamSchema;

export const greyOnly = (p: ParamValues): string[] =>
  ['mnist', 'fashion-mnist'].includes(String(p.dataset)) ? [] : ['This experiment takes 28×28 grey images.'];
