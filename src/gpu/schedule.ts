/**
 * Learning-rate schedules as pure functions of the 0-based step index, and a plain JSON spec for
 * them (small enough for a URL). The optimizer receives the value each step as a uniform, so a
 * schedule never costs a GPU read-back.
 */

export type Schedule = (step: number) => number;

export function constant(lr: number): Schedule {
  return () => lr;
}

/** lr·γ^k, where k counts the milestones passed (or the multiples of `every` reached). */
export function step(lr: number, opts: { gamma: number; every?: number; milestones?: number[] }): Schedule {
  const { gamma, every, milestones } = opts;
  if ((every === undefined) === (milestones === undefined))
    throw new Error('step schedule needs exactly one of `every` or `milestones`');
  if (every !== undefined && !(every >= 1)) throw new Error(`step schedule: every must be ≥ 1, got ${every}`);
  const sorted = milestones ? [...milestones].sort((a, b) => a - b) : [];
  return (s) => lr * gamma ** (every !== undefined ? Math.floor(s / every) : sorted.filter((m) => s >= m).length);
}

/** Half-cosine from lr at step 0 to `floor` at step `total`, then `floor`. */
export function cosine(lr: number, opts: { total: number; floor?: number }): Schedule {
  const { total, floor = 0 } = opts;
  if (!(total >= 1)) throw new Error(`cosine schedule: total must be ≥ 1, got ${total}`);
  return (s) => (s >= total ? floor : floor + ((lr - floor) * (1 + Math.cos((Math.PI * s) / total))) / 2);
}

/**
 * Linear warmup multiplied onto any schedule: inner(s)·(s + 1)/steps for s < steps, then inner(s).
 * The inner schedule keeps its own clock, so milestones and cosine totals count warmup steps too.
 */
export function warmup(steps: number, inner: Schedule): Schedule {
  return (s) => (s < steps ? (inner(s) * (s + 1)) / steps : inner(s));
}

/** Adam's bias correction 1 − βᵗ for the 1-based update count t. */
export function biasCorrection(beta: number, t: number): number {
  return 1 - beta ** t;
}

export type ScheduleSpec = (
  | { kind: 'constant'; lr: number }
  | { kind: 'step'; lr: number; gamma: number; every?: number; milestones?: number[] }
  | { kind: 'cosine'; lr: number; total: number; floor?: number }
) & { warmup?: number };

/** Build a schedule from its JSON spec, rejecting malformed specs (they may come from a URL). */
export function makeSchedule(spec: ScheduleSpec): Schedule {
  if (!spec || typeof spec !== 'object') throw new Error('schedule spec must be an object');
  if (!(typeof spec.lr === 'number' && Number.isFinite(spec.lr)))
    throw new Error(`schedule spec needs a finite lr, got ${String(spec.lr)}`);
  let s: Schedule;
  switch (spec.kind) {
    case 'constant':
      s = constant(spec.lr);
      break;
    case 'step':
      s = step(spec.lr, spec);
      break;
    case 'cosine':
      s = cosine(spec.lr, spec);
      break;
    default:
      throw new Error(`unknown schedule kind ${JSON.stringify((spec as { kind: unknown }).kind)}`);
  }
  const w = spec.warmup ?? 0;
  if (!(Number.isInteger(w) && w >= 0)) throw new Error(`warmup must be a non-negative integer, got ${w}`);
  return w > 0 ? warmup(w, s) : s;
}
