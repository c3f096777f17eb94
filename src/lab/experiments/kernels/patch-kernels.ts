// Patch-kernel teacher–student learning curves (Favero, Cagnetta & Wyart): per draw, points
// uniform in [0, 1]^d, a local and a global teacher field (random features, kernels/patch-kernel.ts),
// and for each of a local and a global student one Cholesky factorization that gives the ridgeless
// test error at every training-set size (kernels/nested-ridgeless.ts). After each draw, the
// exponent β of each (student, teacher) pair is refitted on the mean curve over the draws so far.
// On the first draw's pool, the top eigenvalues of both students' Gram matrices (Lanczos on the
// GPU) show why: a local kernel's spectrum decays like that of a kernel in s dimensions, not d.
import { gramSpectrum } from '../../../gpu/kernels/gram-spectrum.ts';
import { fieldNormals, patchField, patchGram, type PatchKernelOptions } from '../../../gpu/kernels/patch-kernel.ts';
import { randomUniform } from '../../../gpu/kernels/random.ts';
import type { Tensor } from '../../../gpu/tensor.ts';
import { defineRun } from '../../declare.ts';
import type { ExperimentRun } from '../../experiment.ts';
import { nestedRidgelessErrors } from '../../kernels/nested-ridgeless.ts';
import { powerLawFit } from '../../kernels/power-law.ts';
import { PATCH_PAIRS, patchKernels } from './patch-kernels.experiment.ts';

/** Eigenvalues of each student's Gram matrix shown (Lanczos converges the top ones first). */
const SPECTRUM_RANKS = 64;

export const patchKernelsRunner: ExperimentRun = defineRun(patchKernels, async function* (ctx, spec) {
  const p = spec.params;
  const gpu = ctx.gpu;
  const d = p.dimension;
  const sizes = [...new Set(p.sizes)].sort((a, b) => a - b);
  const pool = sizes[sizes.length - 1];
  const test = p.testSize;
  const kernel = (patch: number): PatchKernelOptions => ({ patch, lengthScale: p.lengthScale, base: p.base });
  const patchOf = { local: { student: p.studentPatch, teacher: p.teacherPatch }, global: { student: d, teacher: d } };
  const started = performance.now();
  // Sum over draws of each pair's error at each size.
  const sums = Object.fromEntries(PATCH_PAIRS.map((q) => [q.key, sizes.map(() => 0)]));
  const fits: Record<string, { beta: number; logc: number }> = {};
  const ranks = Math.min(SPECTRUM_RANKS, pool);
  // A solve: one student's Cholesky factorization of a draw, or its Lanczos spectrum on the first draw.
  ctx.work.plan(p.draws * 2 + 2, 'solve');
  ctx.work.span(p.draws * 2 + 2);

  for (let r = 0; r < p.draws; r++) {
    // Streams 3r, 3r + 1, 3r + 2 of the seed: the inputs and the two teachers of draw r.
    const x = randomUniform(gpu, [pool + test, d], { seed: spec.seed, stream: 3 * r });
    const teachers: Record<'local' | 'global', Tensor> = gpu.scope(() => ({
      local: patchField(
        x,
        fieldNormals(gpu, d, patchOf.local.teacher, p.features, { seed: spec.seed, stream: 3 * r + 1 }),
        p.features,
        kernel(patchOf.local.teacher),
      ),
      global: patchField(
        x,
        fieldNormals(gpu, d, d, p.features, { seed: spec.seed, stream: 3 * r + 2 }),
        p.features,
        kernel(d),
      ),
    }));
    try {
      if (r === 0)
        for (const student of ['local', 'global'] as const) {
          const gram = gpu.scope(() => {
            const xPool = gpu.empty([pool, d]);
            gpu.copy(x, xPool, pool * d * 4);
            return patchGram(xPool, xPool, kernel(patchOf[student].student));
          });
          const eig = await gramSpectrum(gram, ranks, { seed: spec.seed });
          gram.dispose();
          await ctx.work.step();
          // Eigenvalues of K/n: those of the kernel's integral operator, whatever the pool size.
          const values = Array.from(eig, (v) => v / pool);
          for (const [k, v] of values.entries())
            yield { type: 'metric', name: `spectrum/${student}`, step: k + 1, value: v };
          const fit = powerLawFit(
            values.map((_, k) => k + 1),
            values,
          );
          yield { type: 'metric', name: `decay/${student}`, step: 1, value: fit.beta };
          yield { type: 'metric', name: `decayc/${student}`, step: 1, value: fit.logc };
        }
      for (const student of ['local', 'global'] as const) {
        const [onLocal, onGlobal] = await nestedRidgelessErrors(gpu, {
          pool,
          test,
          ridge: p.ridge,
          sizes,
          targets: [teachers.local, teachers.global],
          gram: (out, ld) =>
            patchGram(x, x, { ...kernel(patchOf[student].student), into: { out, ld }, shift: p.ridge }),
        });
        await ctx.work.step();
        for (const [teacher, errs] of [
          ['local', onLocal],
          ['global', onGlobal],
        ] as const) {
          const key = PATCH_PAIRS.find((q) => q.student === student && q.teacher === teacher)!.key;
          for (const [s, n] of sizes.entries()) {
            sums[key][s] += errs[s];
            yield { type: 'metric', name: `mse/${key}/${r}`, step: n, value: errs[s] };
          }
        }
      }
    } finally {
      x.dispose();
      teachers.local.dispose();
      teachers.global.dispose();
    }
    for (const { key } of PATCH_PAIRS) {
      fits[key] = powerLawFit(
        sizes,
        sums[key].map((v) => v / (r + 1)),
      );
      yield { type: 'metric', name: `beta/${key}`, step: r + 1, value: fits[key].beta };
      yield { type: 'metric', name: `logc/${key}`, step: r + 1, value: fits[key].logc };
    }
  }
  yield {
    type: 'done',
    summary: {
      ...Object.fromEntries(PATCH_PAIRS.map((q) => [`beta_${q.key}`, fits[q.key].beta])),
      ...Object.fromEntries(PATCH_PAIRS.map((q) => [`mse_${q.key}`, sums[q.key][sizes.length - 1] / p.draws])),
      dimension: d,
      pool,
      draws: p.draws,
      seconds: (performance.now() - started) / 1000,
    },
  };
});
