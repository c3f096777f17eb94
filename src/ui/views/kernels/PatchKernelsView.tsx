// Patch-kernel learning curves (src/lab/experiments/kernels/patch-kernels.ts): test error against
// training-set size on log–log axes for each (student, teacher) pair, the mean over draws with
// their range as a band, the fitted power law dashed, and a table of fitted vs predicted β; and
// the top eigenvalues of both students' Gram matrices with their fitted decay (theory: λ_k ∝ k^−(1 + α/s)).
import type { RunRecord } from '../../history/types.ts';
import { PATCH_PAIRS } from '../../../lab/experiments/kernels/patch-kernels.experiment.ts';
import { indexColor } from '../../charts/series-colors.ts';
import { LineChart, type Line } from '../LineChart.tsx';

type Pair = (typeof PATCH_PAIRS)[number];

/** The draws' curves of one pair, aligned on the sizes the first draw has reached. */
function drawCurves(run: RunRecord, key: string): { steps: number[]; curves: number[][] } {
  const series = Object.entries(run.metrics)
    .filter(([name]) => name.startsWith(`mse/${key}/`))
    .map(([, s]) => s);
  const steps = series[0]?.steps.slice() ?? [];
  // A draw still running has fewer points: only sizes every draw has reached are averaged.
  const len = Math.min(...series.map((s) => s.values.length));
  return { steps: steps.slice(0, len), curves: series.map((s) => s.values.slice(0, len)) };
}

const last = (run: RunRecord, name: string): number | undefined => run.metrics[name]?.values.at(-1);

/** The theory's β (Favero et al. 2021): α/s for a teacher patch t ≤ s, no decay when t > s. */
function predictedBeta(pair: Pair, params: Record<string, unknown>): number {
  const d = Number(params.dimension);
  const alpha = params.base === 'matern32' ? 3 : 1;
  const s = pair.student === 'local' ? Number(params.studentPatch) : d;
  const t = pair.teacher === 'local' ? Number(params.teacherPatch) : d;
  return t <= s ? alpha / s : 0;
}

function pairLines(run: RunRecord, pair: Pair, i: number): Line[] {
  const { steps, curves } = drawCurves(run, pair.key);
  if (steps.length === 0) return [];
  const color = indexColor(i);
  const mean = steps.map((_, k) => curves.reduce((a, c) => a + c[k], 0) / curves.length);
  const lines: Line[] = [
    {
      key: pair.key,
      label: pair.label,
      color,
      steps,
      values: mean,
      band:
        curves.length > 1
          ? {
              lo: steps.map((_, k) => Math.min(...curves.map((c) => c[k]))),
              hi: steps.map((_, k) => Math.max(...curves.map((c) => c[k]))),
            }
          : undefined,
    },
  ];
  const beta = last(run, `beta/${pair.key}`);
  const logc = last(run, `logc/${pair.key}`);
  // The fit the runner made after the last whole draw, over the sizes it used (all but the smallest).
  if (beta !== undefined && logc !== undefined && steps.length > 2) {
    const fitSteps = [steps[1], steps[steps.length - 1]];
    lines.push({
      key: `${pair.key}-fit`,
      label: `fit ∝ n⁻ᵝ, β = ${beta.toFixed(2)}`,
      color,
      dashed: true,
      steps: fitSteps,
      values: fitSteps.map((n) => Math.exp(logc) * n ** -beta),
    });
  }
  return lines;
}

/** The eigenvalues of K/n of one student's Gram matrix and their fitted decay λ_k ∝ k⁻ᵃ. */
function spectrumLines(run: RunRecord, student: 'local' | 'global', i: number): Line[] {
  const s = run.metrics[`spectrum/${student}`];
  if (!s || s.values.length < 3) return [];
  const d = Number(run.spec.params.dimension);
  const patch = student === 'local' ? Number(run.spec.params.studentPatch) : d;
  const alpha = run.spec.params.base === 'matern32' ? 3 : 1;
  const color = indexColor(i);
  const label = `${student} student (s = ${patch})`;
  const lines: Line[] = [{ key: `spectrum-${student}`, label, color, steps: s.steps, values: s.values }];
  const a = last(run, `decay/${student}`);
  const c = last(run, `decayc/${student}`);
  if (a !== undefined && c !== undefined) {
    const ks = [s.steps[1], s.steps[s.steps.length - 1]];
    lines.push({
      key: `spectrum-${student}-fit`,
      label: `fit ∝ k⁻ᵃ, a = ${a.toFixed(2)} (theory ${(1 + alpha / patch).toFixed(2)})`,
      color,
      dashed: true,
      steps: ks,
      values: ks.map((k) => Math.exp(c) * k ** -a),
    });
  }
  return lines;
}

export function PatchKernelsView({ run }: { run: RunRecord | null }) {
  const lines = run ? PATCH_PAIRS.flatMap((pair, i) => pairLines(run, pair, i)) : [];
  // Colours of the students: those of the pairs where each learns its own kind of teacher.
  const spectra = run ? [...spectrumLines(run, 'local', 0), ...spectrumLines(run, 'global', 3)] : [];
  const rows = run
    ? PATCH_PAIRS.map((pair, i) => ({
        pair,
        i,
        beta: last(run, `beta/${pair.key}`),
        theory: predictedBeta(pair, run.spec.params),
      }))
    : [];
  const d = run ? Number(run.spec.params.dimension) : NaN;
  // Draws whose fits are shown: the step scrubber's replay moves it.
  const fitted = run?.metrics['beta/ls-lt']?.values.length ?? 0;
  return (
    <div
      className="view-row"
      data-testid="view-patch-kernels"
      data-draws={fitted}
      data-decay-local={run ? last(run, 'decay/local') : undefined}
      data-decay-global={run ? last(run, 'decay/global') : undefined}
    >
      <LineChart
        title="Learning curves: test error vs training-set size"
        yLabel="test error (MSE, teacher variance 1)"
        xLabel="training examples n"
        file="patch-kernel-curves"
        logX
        logToggle
        defaultLog
        smoothing={false}
        lines={lines}
        empty="The learning curves appear after the first student of the first draw is solved."
      />
      {rows.some((r) => r.beta !== undefined) && (
        <figure className="chart" data-testid="patch-kernels-betas">
          <figcaption>Exponent β of error ∝ n⁻ᵝ: fitted vs theory (α/s for t ≤ s, d = {d})</figcaption>
          <table className="small">
            <thead>
              <tr>
                <th>student, teacher</th>
                <th>fitted β</th>
                <th>theory</th>
              </tr>
            </thead>
            <tbody>
              {rows.map(({ pair, i, beta, theory }) => (
                <tr key={pair.key} data-pair={pair.key} data-beta={beta} data-theory={theory}>
                  <td>
                    <span style={{ color: indexColor(i) }}>■</span> {pair.label}
                  </td>
                  <td>{beta === undefined ? '…' : beta.toFixed(3)}</td>
                  <td>{theory === 0 ? '0 (cannot learn)' : theory.toFixed(3)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </figure>
      )}
      <LineChart
        title="Students' kernel spectra (first draw's training pool)"
        yLabel="eigenvalue of K/n"
        xLabel="rank k"
        file="patch-kernel-spectrum"
        logX
        logToggle
        defaultLog
        smoothing={false}
        lines={spectra}
        empty="The spectra appear once the first draw's Gram matrices are decomposed."
      />
    </div>
  );
}
