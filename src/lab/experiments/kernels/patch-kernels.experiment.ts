import { declareExperiment } from '../../declare.ts';

/** The (student, teacher) pairs whose learning curves a run measures; metric names use the keys. */
export const PATCH_PAIRS = [
  { key: 'ls-lt', student: 'local', teacher: 'local', label: 'local student, local teacher' },
  { key: 'ls-gt', student: 'local', teacher: 'global', label: 'local student, global teacher' },
  { key: 'gs-lt', student: 'global', teacher: 'local', label: 'global student, local teacher' },
  { key: 'gs-gt', student: 'global', teacher: 'global', label: 'global student, global teacher' },
] as const;

export const patchKernels = declareExperiment({
  id: 'patch-kernels',
  family: 'kernels',
  title: 'Locality beats the curse of dimensionality: patch-kernel learning curves',
  explanation:
    'Teacher–student kernel regression on d-dimensional inputs uniform in the unit cube. The kernel of a one-hidden-layer ' +
    'locally connected network averages a Laplace kernel over the d periodic patches of size s of the input, ' +
    'K(x, y) = (1/d)·Σ_p exp(−‖x_p − y_p‖/ℓ) (a patch kernel on the GPU; s = d is the ordinary, global Laplace kernel). ' +
    'Targets are Gaussian random fields of the same family with patch size t (random Fourier features: their covariance is ' +
    'the teacher kernel exactly, so the mean learning curve is the Gaussian field’s). A local (s = 2) and a global (s = d) ' +
    'student each learn a local (t = 2) and a global (t = d) teacher by ridgeless regression, for training sets doubling in ' +
    'size (all from one Cholesky factorization per student). The prediction (Favero, Cagnetta & Wyart): for t ≤ s the test ' +
    'error falls as n⁻ᵝ with β = α/s (α = 1 for Laplace), set by the student’s patch size, not by d; a local student cannot ' +
    'learn a global teacher at all.',
  watch:
    'On log-log axes, the local student on the local teacher falls steeply (β near 1/2), while both students on the global ' +
    'teacher, and the global student even on the local teacher, fall slowly (the theory: β = 1/d); the local student on the global ' +
    'teacher levels off.',
  paper: {
    title: 'What can be learnt with wide convolutional neural networks?',
    authors: 'F. Cagnetta, A. Favero, M. Wyart',
    year: 2023,
    arxiv: '2208.01003',
  },
  params: {
    dimension: {
      kind: 'int',
      label: 'Input dimension d',
      help: 'Inputs uniform in [0, 1]ᵈ; patches wrap around (periodic). The global kernels see all d coordinates.',
      default: 8,
      min: 3,
      max: 64,
    },
    studentPatch: {
      kind: 'int',
      label: 'Local student patch s',
      help: 'Patch (filter) size of the local student; the global student has s = d.',
      default: 2,
      min: 1,
      max: 64,
    },
    teacherPatch: {
      kind: 'int',
      label: 'Local teacher patch t',
      help: 'Patch size of the local teacher; the global teacher has t = d. The theory covers t ≤ s.',
      default: 2,
      min: 1,
      max: 64,
    },
    base: {
      kind: 'choice',
      label: 'Base kernel',
      help: 'Of students and teachers alike. Laplace exp(−r) has smoothness α = 1, Matérn-3/2 α = 3 (predicted β = α/s).',
      default: 'laplace',
      choices: [
        { value: 'laplace', label: 'Laplace (α = 1)' },
        { value: 'matern32', label: 'Matérn-3/2 (α = 3)' },
      ],
    },
    lengthScale: {
      kind: 'number',
      label: 'Length scale ℓ',
      help: 'Of the base kernel, in units of the cube’s side.',
      default: 1,
      min: 0.05,
      max: 20,
      log: true,
    },
    sizes: {
      kind: 'ints',
      label: 'Training-set sizes n',
      help: 'Nested: each set is the first n points of one pool of max(n) points. The fit of β uses all but the smallest.',
      default: [16, 32, 64, 128, 256, 512, 1024],
      min: 2,
      max: 8192,
      minLength: 3,
      maxLength: 12,
    },
    testSize: {
      kind: 'int',
      label: 'Test points',
      help: 'Fresh points where the test error (mean squared, the teacher has unit variance) is measured.',
      default: 256,
      min: 16,
      max: 4096,
    },
    draws: {
      kind: 'int',
      label: 'Draws',
      help: 'Independent draws of inputs and teachers; the curves are their mean and the band their range.',
      default: 3,
      min: 1,
      max: 16,
    },
    features: {
      kind: 'int',
      label: 'Teacher features per patch',
      help: 'Random Fourier features per patch of each teacher. Any number gives the right mean error; more give less spread.',
      default: 1024,
      min: 16,
      max: 16384,
    },
    ridge: {
      kind: 'number',
      label: 'Ridge',
      help: 'Added to the Gram’s unit diagonal: → 0 in the paper; float32 Cholesky needs a little.',
      default: 1e-5,
      min: 1e-8,
      max: 1,
      log: true,
    },
  },
  views: ['patch-kernels', 'progress'],
  validate: (p) => {
    const errs: string[] = [];
    const d = Number(p.dimension);
    if (Number(p.studentPatch) > d) errs.push('The student patch must not exceed the input dimension.');
    if (Number(p.teacherPatch) > d) errs.push('The teacher patch must not exceed the input dimension.');
    return errs;
  },
  presets: [
    {
      label: 'Paper-like: n up to 4,096, d = 12, 4 draws',
      note: 'The catalogue setting of #5: six octaves of n with 1,024 test points at d = 12 (minutes on a GPU; hours in software).',
      params: { dimension: 12, sizes: [64, 128, 256, 512, 1024, 2048, 4096], testSize: 1024, draws: 4 },
      gpu: true,
    },
  ],
  metrics: [
    'mse/{pair}/{draw}',
    'beta/{pair}',
    'logc/{pair}',
    'spectrum/{student}',
    'decay/{student}',
    'decayc/{student}',
  ],
  snapshots: [],
  load: () => import('./patch-kernels.ts').then((m) => m.patchKernelsRunner),
});
