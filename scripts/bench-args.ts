/** The benchmark's command-line options, shared by bench-browser.ts and bench-gpu.ts (defaults differ). */
import type { BenchConfig } from '../bench/common.ts';
import { peakFrom } from './bench-peak.ts';

export interface BenchDefaults {
  sizes: string;
  peers: string;
  mlpBatches: string;
  convBatches: string;
  attention: string;
  resnetBatch: string;
  rounds?: string;
  budget?: string;
}

export const arg = (name: string, def: string): string =>
  process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? def;
const list = (s: string): string[] => s.split(',').filter(Boolean);
const numbers = (s: string): number[] => list(s).map(Number);

export function benchArgs(d: BenchDefaults): { cfg: BenchConfig; arg: typeof arg } {
  const [batch, seq, width, heads] = arg('attention', d.attention).split('x').map(Number);
  const peak = peakFrom(arg('peak-tflops', ''));
  const cfg: BenchConfig = {
    sizes: numbers(arg('sizes', d.sizes)),
    reps: Number(arg('reps', '6')),
    budgetS: Number(arg('budget', d.budget ?? '24')),
    rounds: Number(arg('rounds', d.rounds ?? '3')),
    peers: list(arg('peers', d.peers)),
    items: list(arg('items', 'matmul,mlp,conv,attention,resnet20')),
    kernels: arg('kernels', 'auto') as BenchConfig['kernels'],
    mlpSteps: Number(arg('mlp-steps', '10')),
    mlpBatches: numbers(arg('mlp-batches', d.mlpBatches)),
    convBatches: numbers(arg('conv-batches', d.convBatches)),
    attention: { batch, seq, width, heads },
    resnetBatch: Number(arg('resnet-batch', d.resnetBatch)),
    peakFlops: peak.flops,
    peakSource: peak.source,
  };
  if (!(width % heads === 0 && [batch, seq, width, heads].every((v) => v > 0)))
    throw new Error(
      `--attention=${arg('attention', d.attention)}: expected batch×seq×width×heads, heads dividing width`,
    );
  return { cfg, arg };
}
