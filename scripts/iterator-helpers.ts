/**
 * Iterator helpers (`map`, `filter`) for Node < 22, which lacks them while every browser that
 * runs WebGPU has them: jax-js's einsum (its attention) calls `str.matchAll(re).map(…)`. Installed
 * only where missing; lazy like the standard ones.
 */
type Helper = (this: Iterator<unknown>, fn: (v: unknown, i: number) => unknown) => IterableIterator<unknown>;

const proto = Object.getPrototypeOf(Object.getPrototypeOf([][Symbol.iterator]())) as Record<string, unknown>;

const helpers: Record<string, Helper> = {
  *map(fn) {
    let i = 0;
    for (let r = this.next(); !r.done; r = this.next()) yield fn(r.value, i++);
  },
  *filter(fn) {
    let i = 0;
    for (let r = this.next(); !r.done; r = this.next()) if (fn(r.value, i++)) yield r.value;
  },
};

for (const [name, fn] of Object.entries(helpers))
  if (typeof proto[name] !== 'function')
    Object.defineProperty(proto, name, { value: fn, writable: true, configurable: true });
