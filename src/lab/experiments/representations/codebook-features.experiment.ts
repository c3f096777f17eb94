import { declareExperiment } from '../../declare.ts';
import { digitsFor } from '../../representations/fsm-digits.ts';

export const codebookFeatures = declareExperiment({
  id: 'codebook-features',
  family: 'representations',
  title: 'Codebook features: states become discrete codes',
  explanation:
    'A small causal transformer learns to continue trajectories of a random finite-state machine whose states are written as ' +
    'several digit tokens. What every block writes to the residual stream is replaced by the mean of the k codes, out of a ' +
    'learned codebook, most cosine-similar to it (a discrete bottleneck, trained straight through). The same transformer without ' +
    'the bottleneck trains beside it. Where a state has been read, does one code mean that state, and does forcing that code make ' +
    'the model continue as if it were in that state?',
  watch:
    'The plain transformer learns the machine (every next token valid) while the bottlenecked one trails it, and a state’s own code ' +
    'steers the next digit little more than a random code does: at this size the codes do not yet stand for states (the ' +
    'codebook-states check fails; the paper-like setting is the one to try on a GPU). A diagonal in the state × code matrix would mean one code per state.',
  paper: {
    title: 'Codebook Features: Sparse and Discrete Interpretability for Neural Networks',
    authors: 'A. Tamkin, M. Taufeeque, N. D. Goodman',
    year: 2023,
    arxiv: '2310.17230',
  },
  params: {
    states: {
      kind: 'int',
      label: 'FSM states',
      help: 'States of the random machine; each is written as its digits in the chosen base.',
      default: 24,
      min: 2,
      max: 1000,
    },
    base: {
      kind: 'int',
      label: 'Digit base',
      help: 'Tokens are digits 0 … base−1; a state takes as many digits as writing states − 1 needs.',
      default: 6,
      min: 2,
      max: 64,
    },
    edges: {
      kind: 'int',
      label: 'Successors per state',
      help: 'Distinct random next states, each taken with equal probability.',
      default: 3,
      min: 1,
      max: 64,
    },
    trajectory: {
      kind: 'int',
      label: 'States per sequence',
      help: 'Sequence length in states; in tokens it is this times the digits per state.',
      default: 6,
      min: 2,
      max: 64,
    },
    layers: {
      kind: 'int',
      label: 'Layers',
      help: 'Transformer blocks, each followed by a codebook.',
      default: 2,
      min: 1,
      max: 6,
    },
    features: {
      kind: 'int',
      label: 'Width d',
      help: 'Residual width; the paper’s point is a machine with more states than neurons.',
      default: 32,
      min: 4,
      max: 512,
    },
    heads: { kind: 'int', label: 'Heads', help: 'Attention heads per layer.', default: 2, min: 1, max: 16 },
    codes: {
      kind: 'int',
      label: 'Codes per layer',
      help: 'Size of each layer’s codebook.',
      default: 64,
      min: 2,
      max: 4096,
    },
    k: {
      kind: 'int',
      label: 'Codes per token (k)',
      help: 'The residual stream becomes the mean of this many codes, chosen by cosine similarity.',
      default: 2,
      min: 1,
      max: 16,
    },
    commitment: {
      kind: 'number',
      label: 'Commitment β',
      help: 'Adds β·mean‖codes − h‖² to the loss, pulling each row and its chosen codes together (the paper’s code offers it as an option); 0 is the plain straight-through gradient.',
      default: 0.25,
      min: 0,
      max: 10,
    },
    lr: {
      kind: 'number',
      label: 'Learning rate',
      help: 'Adam for both models, cosine decay after a warm-up of a tenth of the steps (at most 50).',
      default: 0.005,
      min: 1e-5,
      max: 0.1,
      log: true,
    },
    batch: { kind: 'int', label: 'Batch size', help: 'Fresh trajectories per step.', default: 32, min: 1, max: 1024 },
    steps: {
      kind: 'int',
      label: 'Steps',
      help: 'Training steps of each model.',
      unit: 'steps',
      default: 300,
      min: 1,
      max: 100000,
    },
    evalSize: {
      kind: 'int',
      label: 'Held-out sequences',
      help: 'Scored for valid next tokens, code ↔ state statistics and interventions at four points of training.',
      default: 256,
      min: 16,
      max: 8192,
    },
  },
  presets: [
    {
      label: 'Paper-like: 100 states in base 10, d = 64',
      note: 'The TokFSM shape of the paper: 100 states (two decimal digits), 10 successors each, more states than neurons; longer training (minutes on a GPU).',
      params: {
        states: 100,
        base: 10,
        edges: 10,
        trajectory: 16,
        layers: 4,
        features: 64,
        heads: 4,
        codes: 512,
        k: 4,
        steps: 5000,
        batch: 64,
        evalSize: 1024,
        lr: 0.002,
      },
      gpu: true,
    },
  ],
  views: ['codebook-features', 'progress'],
  validate(p) {
    const errors: string[] = [];
    if (Number(p.features) % Number(p.heads) !== 0)
      errors.push(`Width ${Number(p.features)} does not split into ${Number(p.heads)} heads.`);
    if (Number(p.edges) > Number(p.states))
      errors.push('A state cannot have more distinct successors than there are states.');
    if (Number(p.k) > Number(p.codes)) errors.push('k cannot exceed the codes per layer.');
    if (Number(p.trajectory) * digitsFor(Number(p.states), Number(p.base)) > 512)
      errors.push('Sequences longer than 512 tokens are not supported.');
    return errors;
  },
  metrics: [
    'train/loss{model}',
    'valid-accuracy{model}',
    'codes/precise-share{layer}',
    'codes/active{layer}',
    'intervention/success{code}',
  ],
  snapshots: ['codes/confusion{layer}'],
  load: () => import('./codebook-features.ts').then((m) => m.codebookFeaturesRunner),
});
