/**
 * The physical float32 peak a benchmark figure may not exceed. `--peak-tflops=X` states it (a GPU's
 * datasheet figure); otherwise it is this machine's CPU, which is what runs WASM peers and software
 * adapters such as SwiftShader: cores × clock × 32 FLOP/cycle (two 8-lane FMA units). 32 is an upper
 * bound for both: WASM SIMD and SwiftShader's Subzero JIT issue 128-bit vectors, half of that.
 */
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';

export interface Peak {
  flops: number;
  source: string;
}

const FLOP_PER_CYCLE = 32;

/** The fastest clock the OS reports, in GHz: os.cpus() reads 0 on some VMs, /proc/cpuinfo does not. */
function clockGhz(): number {
  let mhz = Math.max(...cpus().map((c) => c.speed));
  try {
    const info = readFileSync('/proc/cpuinfo', 'utf8');
    for (const m of info.matchAll(/^cpu MHz\s*:\s*([\d.]+)/gm)) mhz = Math.max(mhz, Number(m[1]));
    for (const m of info.matchAll(/^model name.*@\s*([\d.]+)GHz/gm)) mhz = Math.max(mhz, Number(m[1]) * 1000);
  } catch {
    // not Linux: os.cpus() is all there is
  }
  if (!(mhz > 0)) throw new Error('the CPU clock is unknown here: state the peak with --peak-tflops');
  return mhz / 1000;
}

export function cpuPeak(): Peak {
  const list = cpus();
  const ghz = clockGhz();
  return {
    flops: list.length * ghz * 1e9 * FLOP_PER_CYCLE,
    source: `CPU: ${list.length} cores × ${ghz.toFixed(2)} GHz × ${FLOP_PER_CYCLE} FLOP/cycle`,
  };
}

/** `--peak-tflops` when given, else the CPU's peak. */
export function peakFrom(peakTflops: string): Peak {
  const stated = Number(peakTflops);
  if (peakTflops && !(stated > 0)) throw new Error(`--peak-tflops=${peakTflops} is not a positive number`);
  return stated > 0 ? { flops: stated * 1e12, source: `stated with --peak-tflops=${peakTflops}` } : cpuPeak();
}
