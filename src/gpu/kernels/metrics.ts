import code from '../../wgsl/metrics.wgsl?raw';
import type { GpuContext } from '../context.ts';
import { defineProgram } from '../program.ts';
import type { Tensor } from '../tensor.ts';

const accumulateProgram = defineProgram({
  name: 'metrics-accumulate',
  code,
  workgroupSize: 1,
  bindings: { loss: 'read', correct: 'read', acc: 'read_write' },
  uniforms: { batch: 'u32', step: 'u32' },
});

export interface MetricTotals {
  /** Mean per-example loss over the window (NaN if a loss was not finite). */
  loss: number;
  accuracy: number;
  examples: number;
  steps: number;
  /** Step index of the first non-finite loss in the window, or null. */
  divergedAt: number | null;
}

/**
 * Loss and accuracy summed on the GPU over a window of steps (or an evaluation pass), read back
 * once per window. `add` is encoded into the current step; `read` resets the window.
 */
export class MetricAccumulator {
  private readonly acc: Tensor;
  private static readonly zeros = new Float32Array(8);

  constructor(private readonly ctx: GpuContext) {
    this.acc = ctx.tensor(MetricAccumulator.zeros).keep();
  }

  add(perExampleLoss: Tensor, correct: Tensor, step: number): void {
    accumulateProgram.run(this.ctx, {
      bindings: { loss: perExampleLoss, correct, acc: this.acc },
      uniforms: { batch: perExampleLoss.size, step },
      workgroups: [1],
    });
  }

  /** Copies the totals out, then zeroes the accumulator for the next window. */
  async read(): Promise<MetricTotals> {
    const pending = this.acc.read();
    this.ctx.write(this.acc, MetricAccumulator.zeros);
    const [loss, correct, examples, steps, diverged] = await pending;
    return {
      loss: examples > 0 ? loss / examples : NaN,
      accuracy: examples > 0 ? correct / examples : NaN,
      examples,
      steps,
      divergedAt: diverged > 0 ? diverged - 1 : null,
    };
  }

  dispose(): void {
    this.acc.dispose();
  }
}
