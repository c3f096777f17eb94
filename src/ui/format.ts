const integer = new Intl.NumberFormat('en-US');

export function count(n: number): string {
  return integer.format(n);
}

export function mebibytes(bytes: number): string {
  return `${integer.format(Math.round(bytes / 2 ** 20))} MiB`;
}

/** "1 step", "1,200 steps", "441 grid points", "900 steps + grid points" (units are singular in the event). */
export function units(n: number, unit = 'step'): string {
  const name = n === 1 ? unit : unit.replace(/([a-z])(?= \+ |$)/g, '$1s');
  return `${count(n)} ${name}`;
}

export function duration(seconds: number): string {
  if (seconds < 60) return `${Math.max(1, Math.ceil(seconds))} s`;
  const r = Math.round(seconds);
  const m = Math.floor(r / 60);
  const s = r % 60;
  return s === 0 ? `${m} min` : `${m} min ${s} s`;
}
