import type { Cell, Column } from './table.ts';

/** A metric value in four significant digits, or in exponent form when very large or small. */
export function formatNumber(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  return Math.abs(v) >= 1e4 || (Math.abs(v) < 1e-3 && v !== 0) ? v.toExponential(2) : String(Number(v.toPrecision(4)));
}

export function formatCell(c: Column, v: Cell): string {
  if (v === null) return '—';
  if (typeof v === 'string') return v;
  if (c.id === 'started') return new Date(v).toLocaleString();
  if (c.kind === 'metric' && /accuracy/.test(c.label) && v >= 0 && v <= 1) return `${(v * 100).toFixed(1)}%`;
  return c.kind === 'metric' ? formatNumber(v) : String(v);
}
