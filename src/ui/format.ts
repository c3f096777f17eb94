const integer = new Intl.NumberFormat('en-US');

export function count(n: number): string {
  return integer.format(n);
}

export function mebibytes(bytes: number): string {
  return `${integer.format(Math.round(bytes / 2 ** 20))} MiB`;
}
