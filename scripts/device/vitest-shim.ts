/**
 * The part of vitest's API that the src/gpu tests use, for the device bundle (scripts/device-pack.ts
 * aliases `vitest` to this file): the GPU machine has no node_modules, so vitest itself cannot
 * travel. Semantics follow vitest where the tests depend on them: toEqual compares deeply with
 * Object.is on leaves (so -0 ≠ 0 and NaN = NaN) and ignores undefined properties; toBe is
 * Object.is; toBeCloseTo passes when |a − b| < 10^−digits / 2; `each` titles take printf
 * placeholders. One test file is collected per process (see gpu-tests.ts), as vitest's forks do.
 */
import { format, inspect } from 'node:util';

type Fn = () => unknown;
type Options = number | { timeout?: number };
interface Test {
  name: string;
  fn: Fn;
  timeout?: number;
}
interface Suite {
  name: string;
  items: (Suite | Test)[];
  beforeAll: Fn[];
  afterAll: Fn[];
  beforeEach: Fn[];
  afterEach: Fn[];
}

const newSuite = (name: string): Suite => ({
  name,
  items: [],
  beforeAll: [],
  afterAll: [],
  beforeEach: [],
  afterEach: [],
});
const root = newSuite('');
let current = root;

export function describe(name: string, fn: () => void): void {
  const suite = newSuite(name);
  current.items.push(suite);
  const parent = current;
  current = suite;
  try {
    const result: unknown = fn();
    if (result instanceof Promise)
      throw new Error(`describe("${name}"): async describe callbacks are not supported by the device shim`);
  } finally {
    current = parent;
  }
}

export function it(name: string, fn: Fn, options?: Options): void {
  current.items.push({ name, fn, timeout: typeof options === 'number' ? options : options?.timeout });
}
export const test = it;

export const beforeAll = (fn: Fn): void => void current.beforeAll.push(fn);
export const afterAll = (fn: Fn): void => void current.afterAll.push(fn);
export const beforeEach = (fn: Fn): void => void current.beforeEach.push(fn);
export const afterEach = (fn: Fn): void => void current.afterEach.push(fn);

/** vitest's title formatting: %s %d %i %f %j %o %O take the case's values in order, %# its index, %$ index + 1, $key a field of an object case. */
function title(template: string, items: unknown[], index: number): string {
  let next = 0;
  const out = template.replace(/%[sdifjoO#$%]/g, (m) => {
    if (m === '%%') return '%';
    if (m === '%#') return String(index);
    if (m === '%$') return String(index + 1);
    return next < items.length ? format(m, items[next++]) : m;
  });
  const first = items[0];
  if (items.length !== 1 || typeof first !== 'object' || first === null || Array.isArray(first)) return out;
  return out.replace(/\$([\w.]+)/g, (m, key: string) => {
    let v: unknown = first;
    for (const k of key.split('.')) v = v === null || v === undefined ? undefined : (v as Record<string, unknown>)[k];
    return v === undefined ? m : format('%s', v);
  });
}

/** `describe.each(cases)(title, fn)` / `it.each(cases)(title, fn)`: array cases are spread into arguments only when every case is an array. */
function each<R>(register: (name: string, body: () => unknown, options?: Options) => R) {
  return (cases: readonly unknown[]) =>
    (template: string, fn: (...args: never[]) => unknown, options?: Options): void => {
      const spread = cases.every(Array.isArray);
      cases.forEach((c, i) => {
        const items = Array.isArray(c) ? (c as unknown[]) : [c];
        const args = (spread ? items : [c]) as never[];
        register(title(template, items, i), () => fn(...args), options);
      });
    };
}
describe.each = each((name, body) => describe(name, body as () => void));
it.each = each(it);

// ---- expect -------------------------------------------------------------------------------

class AssertionError extends Error {
  override name = 'AssertionError';
}

const show = (v: unknown): string =>
  inspect(v, { depth: 3, maxArrayLength: 12, maxStringLength: 200, breakLength: Infinity, compact: true });

const isIndexed = (v: object): v is ArrayLike<unknown> =>
  Array.isArray(v) || (ArrayBuffer.isView(v) && !(v instanceof DataView));
const definedKeys = (o: object): string[] =>
  Object.keys(o).filter((k) => (o as Record<string, unknown>)[k] !== undefined);

interface Diff {
  path: string;
  a: unknown;
  b: unknown;
}

/** Where a and b first differ under vitest's toEqual rules, or null when they are equal. */
function difference(a: unknown, b: unknown, path = ''): Diff | null {
  const here = (suffix = ''): Diff => ({ path: path + suffix, a, b });
  if (a instanceof Error && b instanceof Error) return a.message === b.message ? null : here('.message');
  if (Object.is(a, b)) return null;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return here();
  if (Object.prototype.toString.call(a) !== Object.prototype.toString.call(b)) return here();
  if (a instanceof Date || a instanceof Number || a instanceof String || a instanceof Boolean) {
    return Object.is(a.valueOf(), (b as typeof a).valueOf()) ? null : here();
  }
  if (a instanceof RegExp) return String(a) === String(b) ? null : here();
  if (a instanceof Set || a instanceof Map) {
    // Order-insensitive like vitest for Sets; Maps compare each key's value.
    const bb = b as Set<unknown> | Map<unknown, unknown>;
    if (a.size !== bb.size) return here('.size');
    for (const [k, v] of a.entries()) {
      if (!bb.has(k)) return here(`[${show(k)}]`);
      const d = a instanceof Map ? difference(v, (bb as Map<unknown, unknown>).get(k), `${path}[${show(k)}]`) : null;
      if (d) return d;
    }
    return null;
  }
  if (isIndexed(a)) {
    // Index loop: tests compare arrays of up to millions of floats, where Object.keys is slow.
    const bb = b as ArrayLike<unknown>;
    if (a.length !== bb.length) return here('.length');
    for (let i = 0; i < a.length; i++) {
      const d = difference(a[i], bb[i], `${path}[${i}]`);
      if (d) return d;
    }
    return null;
  }
  const ka = definedKeys(a);
  const kb = definedKeys(b);
  for (const k of kb) if (!ka.includes(k)) return here(`.${k}`);
  for (const k of ka) {
    const d = difference((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}.${k}`);
    if (d) return d;
  }
  return null;
}

function number(v: unknown, what: string): number | bigint {
  if (typeof v !== 'number' && typeof v !== 'bigint')
    throw new TypeError(`${what} value must be a number or bigint, received ${show(v)}`);
  return v;
}

function thrown(actual: unknown, rejected: boolean): { threw: boolean; error?: unknown } {
  if (rejected) return { threw: true, error: actual };
  if (typeof actual !== 'function') throw new TypeError(`toThrow expects a function, received ${show(actual)}`);
  try {
    (actual as () => unknown)();
    return { threw: false };
  } catch (error) {
    return { threw: true, error };
  }
}

/** Each matcher returns whether it holds and what was expected, phrased after "expected <actual>". */
type Result = [pass: boolean, what: string];
type MatcherFn = (actual: unknown, rejected: boolean, ...args: unknown[]) => Result;
const matchers = {
  toBe: (a, _, e) => [Object.is(a, e), `to be ${show(e)}`],
  toEqual: (a, _, e) => {
    const d = difference(a, e);
    return [
      d === null,
      `to deeply equal ${show(e)}${d?.path ? ` (first difference at ${d.path}: ${show(d.a)} vs ${show(d.b)})` : ''}`,
    ];
  },
  toBeNull: (a) => [a === null, 'to be null'],
  toBeLessThan: (a, _, e) => [number(a, 'actual') < number(e, 'expected'), `to be < ${show(e)}`],
  toBeLessThanOrEqual: (a, _, e) => [number(a, 'actual') <= number(e, 'expected'), `to be <= ${show(e)}`],
  toBeGreaterThan: (a, _, e) => [number(a, 'actual') > number(e, 'expected'), `to be > ${show(e)}`],
  toBeGreaterThanOrEqual: (a, _, e) => [number(a, 'actual') >= number(e, 'expected'), `to be >= ${show(e)}`],
  toBeCloseTo: (a, _, e, digits = 2) => {
    const [x, y, n] = [Number(number(a, 'actual')), Number(number(e, 'expected')), Number(digits)];
    const pass =
      (x === Infinity && y === Infinity) || (x === -Infinity && y === -Infinity) || Math.abs(x - y) < 10 ** -n / 2;
    return [pass, `to be close to ${show(e)} (${n} digits, |diff| = ${show(Math.abs(x - y))})`];
  },
  toThrow: (a, rejected, e) => {
    const { threw, error } = thrown(a, rejected);
    const message = error instanceof Error ? error.message : String(error);
    const got = threw ? ` (threw ${show(message)})` : ' (did not throw)';
    if (!threw || e === undefined) return [threw, `to throw${got}`];
    if (typeof e === 'string') return [message.includes(e), `to throw an error containing ${show(e)}${got}`];
    if (e instanceof RegExp) return [e.test(message), `to throw an error matching ${e}${got}`];
    if (typeof e === 'function') return [error instanceof e, `to throw an instance of ${e.name}${got}`];
    if (e instanceof Error) return [message === e.message, `to throw ${show(e.message)}${got}`];
    throw new TypeError(`toThrow: unsupported expectation ${show(e)}`);
  },
} satisfies Record<string, MatcherFn>;

type Name = keyof typeof matchers;
type Assertions = Record<Name, (...args: unknown[]) => void>;
type AsyncAssertions = Record<Name, (...args: unknown[]) => Promise<void>>;
interface Expectation extends Assertions {
  not: Assertions;
  rejects: AsyncAssertions & { not: AsyncAssertions };
  resolves: AsyncAssertions & { not: AsyncAssertions };
}

function assertions(actual: unknown, message: string | undefined, negate: boolean, rejected = false): Assertions {
  const out: Record<string, (...args: unknown[]) => void> = {};
  for (const [name, m] of Object.entries(matchers) as [Name, MatcherFn][]) {
    out[name] = (...args) => {
      const [pass, what] = m(actual, rejected, ...args);
      if (pass === negate) {
        const text = `expected ${rejected ? 'rejection ' : ''}${show(actual)} ${negate ? 'not ' : ''}${what}`;
        throw new AssertionError(message ? `${message}: ${text}` : text);
      }
    };
  }
  return out as Assertions;
}

/** `.rejects` / `.resolves`: settle the promise, then apply the matcher to the reason / value. */
function settled(promise: unknown, message: string | undefined, negate: boolean, wantReject: boolean): AsyncAssertions {
  const out: Record<string, (...args: unknown[]) => Promise<void>> = {};
  for (const name of Object.keys(matchers)) {
    out[name] = async (...args) => {
      let value: unknown;
      let rejected = false;
      try {
        value = await promise;
      } catch (reason) {
        [value, rejected] = [reason, true];
      }
      if (rejected !== wantReject) {
        throw new AssertionError(
          `${message ? `${message}: ` : ''}expected the promise to ${wantReject ? 'reject' : 'resolve'}, it ${rejected ? 'rejected with' : 'resolved to'} ${show(value)}`,
        );
      }
      assertions(value, message, negate, rejected)[name as Name](...args);
    };
  }
  return out as AsyncAssertions;
}

export function expect(actual: unknown, message?: string): Expectation {
  return {
    ...assertions(actual, message, false),
    not: assertions(actual, message, true),
    rejects: { ...settled(actual, message, false, true), not: settled(actual, message, true, true) },
    resolves: { ...settled(actual, message, false, false), not: settled(actual, message, true, false) },
  };
}

// ---- running ------------------------------------------------------------------------------

export interface Outcome {
  name: string;
  pass: boolean;
  ms: number;
  error?: string;
}

async function timed(fn: Fn, ms: number, what: string): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
  });
  try {
    await Promise.race([Promise.resolve().then(fn), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

const errorText = (e: unknown): string =>
  e instanceof Error ? `${e.name === 'AssertionError' ? '' : `${e.name}: `}${e.message}` : String(e);

/**
 * Runs the collected tests whose full name ("file > describe > test") `select` accepts, in order,
 * with vitest's hook order (beforeEach outer to inner, afterEach inner to outer, afterEach even
 * after a failure), and reports each outcome.
 */
export async function runCollected(
  file: string,
  select: (fullName: string) => boolean,
  defaultTimeout: number,
  report: (o: Outcome) => void,
): Promise<void> {
  const chosen = (s: Suite, prefix: string): boolean =>
    s.items.some((i) => ('items' in i ? chosen(i, `${prefix} > ${i.name}`) : select(`${prefix} > ${i.name}`)));

  async function run(suite: Suite, prefix: string, chain: Suite[]): Promise<void> {
    if (!chosen(suite, prefix)) return;
    const hooks = [...chain, suite];
    let setupError: unknown;
    try {
      for (const h of suite.beforeAll) await timed(h, defaultTimeout, 'beforeAll hook');
    } catch (e) {
      setupError = e;
    }
    for (const item of suite.items) {
      const name = `${prefix} > ${item.name}`;
      if ('items' in item) {
        await run(item, name, hooks);
        continue;
      }
      if (!select(name)) continue;
      const t0 = performance.now();
      let error: unknown = setupError;
      if (!error) {
        try {
          for (const s of hooks) for (const h of s.beforeEach) await timed(h, defaultTimeout, 'beforeEach hook');
          await timed(item.fn, item.timeout ?? defaultTimeout, 'test');
        } catch (e) {
          error = e;
        }
        for (const s of [...hooks].reverse()) {
          for (const h of [...s.afterEach].reverse())
            await timed(h, defaultTimeout, 'afterEach hook').catch((e: unknown) => void (error ??= e));
        }
      }
      report({ name, pass: !error, ms: performance.now() - t0, ...(error ? { error: errorText(error) } : {}) });
    }
    for (const h of [...suite.afterAll].reverse()) {
      await timed(h, defaultTimeout, 'afterAll hook').catch((e: unknown) =>
        report({ name: `${prefix} > afterAll`, pass: false, ms: 0, error: errorText(e) }),
      );
    }
  }
  await run(root, file, []);
}
