/** The benchmark's table: median rate, range, share of the physical peak and ratio to each peer. */
import type { BenchConfig, Result } from './common.ts';

export const median = (v: number[]): number => {
  const s = [...v].sort((a, b) => a - b);
  return s.length ? (s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2) : NaN;
};

const fmt = (x: number): string =>
  x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x >= 1 ? x.toFixed(2) : x.toPrecision(2);

/** Lines of the table; rates in GFLOP/s below 1 TFLOP/s of peak, else TFLOP/s. */
export function report(results: Result[], cfg: BenchConfig): string[] {
  const [unit, scale] = cfg.peakFlops >= 1e12 ? ['TFLOP/s', 1e-12] : ['GFLOP/s', 1e-9];
  const lines = [
    `physical peak: ${fmt(cfg.peakFlops * scale)} ${unit} (${cfg.peakSource}); every output of every timed sample checked`,
    '',
  ];
  const peers = [...new Set(results.map((r) => r.peer))];
  const others = peers.filter((p) => p !== 'tabula');
  lines.push(
    [
      'work'.padEnd(28),
      'peer'.padEnd(13),
      unit.padStart(9),
      '  min–max'.padEnd(17),
      'of peak'.padStart(8),
      'samples×repeats'.padStart(17),
      '  examples/s'.padEnd(13),
      ...others.map((p) => `  ÷${p}`),
    ].join(''),
  );
  const items = [...new Set(results.filter((r) => r.item !== 'start').map((r) => r.item))];
  for (const item of items) {
    const rows = results.filter((r) => r.item === item);
    const rate = (peer: string): number => median(rows.find((r) => r.peer === peer)?.values ?? []);
    for (const r of rows) {
      const m = median(r.values);
      const status = r.error ? `error: ${r.error}` : r.values.length ? fmt(m * scale) : (r.note ?? 'not measured');
      const range = r.values.length
        ? `  ${fmt(Math.min(...r.values) * scale)}–${fmt(Math.max(...r.values) * scale)}`
        : '';
      const measured = r.values.length > 0;
      lines.push(
        [
          item.padEnd(28),
          r.peer.padEnd(13),
          measured ? status.padStart(9) : ` ${status}`,
          measured ? range.padEnd(17) : '',
          measured ? `${((100 * m) / cfg.peakFlops).toFixed(1)}%`.padStart(8) : '',
          measured ? `${r.values.length}×${[...new Set(r.repeats)].join('/')}`.padStart(17) : '',
          measured && r.examples ? `  ${fmt((m * r.examples) / r.flops)}`.padEnd(13) : measured ? ''.padEnd(13) : '',
          ...(measured
            ? others.map((p) => {
                const theirs = rate(p);
                return p === r.peer || !(theirs > 0) ? '  –' : `  ${(m / theirs).toFixed(2)}×`;
              })
            : []),
        ].join(''),
      );
    }
  }
  for (const r of results) if (r.item === 'start' && r.error) lines.push(`${r.peer} did not start: ${r.error}`);
  for (const r of results.filter((x) => x.counters)) {
    const c = r.counters!;
    lines.push(
      `Tabula counters (${r.item}): ${fmt(c.dispatchesPerStep)} dispatches and ${fmt(c.submitsPerStep)} submits per step`,
    );
  }
  return lines;
}
