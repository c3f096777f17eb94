/**
 * Philox streams of landscape draws, clear of streams.ts's blocks 1–4. Offsets from LANDSCAPE_STREAM:
 * + 64·k + i  filter-normalized direction k (0 = u, 1 = v) of parameter tensor i (directions.ts)
 * + 1024      the random projection P of subspace training (subspace.ts)
 * + 2048      the Lanczos start vector of a sharpness measurement (sharpness.ts)
 * + 4096      the random control groups of the opposing-signals check (checks/landscape.ts)
 */
export const LANDSCAPE_STREAM = 16 * 2 ** 32;
