/**
 * The browser benchmark page: `window.runBench(config)` times every peer on the same work items in
 * this one browser and returns the samples. Driven by scripts/bench-browser.ts; not part of the app.
 */
import { KERNEL_VARIANTS, type KernelVariant } from '../src/gpu/context.ts';
import { matmulRef } from '../src/gpu/kernels/matmul.ref.ts';
import { maxRelErr, measure, randomArray, type BenchConfig, type Case, type Result } from './common.ts';
import type { Peer } from './peer.ts';
import { tabula } from './tabula.ts';
import { tfjs } from './tfjs.ts';
import { jaxjs } from './jax.ts';

const makers: Record<string, (cfg: BenchConfig) => Promise<Peer>> = {
  tabula: (cfg) => tabula(cfg.kernels),
  'tfjs-webgpu': () => tfjs('webgpu'),
  'jax-webgpu': () => jaxjs('webgpu'),
  'tfjs-wasm': () => tfjs('wasm'),
  'jax-wasm': () => jaxjs('wasm'),
};

const log = (msg: string): void => {
  console.log(msg);
  document.getElementById('log')!.textContent += `${msg}\n`;
};

/** Largest size whose reference product is checked (the triple loop grows as n³). */
const CHECK_UP_TO = 512;

interface Built {
  case?: Case;
  note?: string;
  counters?: () => Record<string, number>;
}

async function runPeer(peer: Peer, cfg: BenchConfig, out: Result[]): Promise<void> {
  const attempt = async (item: string, unit: string, scale: number, build: () => Promise<Built>) => {
    if (!cfg.items.some((i) => item.startsWith(i))) return;
    const r: Result = { item, peer: peer.name, unit, values: [] };
    const t0 = performance.now();
    try {
      const built = await build();
      if (built.note) r.note = built.note;
      if (built.case) {
        r.values = await measure(built.case, cfg, scale);
        if (built.counters) r.counters = built.counters();
        built.case.dispose();
      }
    } catch (e) {
      r.error = e instanceof Error ? e.message : String(e);
    }
    out.push(r);
    const med = [...r.values].sort((a, b) => a - b)[r.values.length >> 1];
    log(
      `${peer.name.padEnd(12)} ${item.padEnd(22)} ${r.error ? `error: ${r.error}` : `${med?.toPrecision(4)} ${unit}`} (${((performance.now() - t0) / 1000).toFixed(1)} s)`,
    );
  };
  for (const n of cfg.sizes) {
    await attempt(`matmul ${n}`, 'GFLOP/s', 1e-9, async () => {
      const a = randomArray(n * n, 1);
      const b = randomArray(n * n, 2);
      const m = await peer.matmul(n, a, b);
      let note: string | undefined;
      if (n <= CHECK_UP_TO) {
        const ref = matmulRef({ a, aShape: [n, n], b, bShape: [n, n] }).out;
        const err = maxRelErr(await m.result(), ref, 1e-3, 1e-3);
        if (!(err <= 1)) throw new Error(`wrong result: error ${err.toFixed(2)} × tolerance against the reference`);
        note = `checked (${err.toFixed(3)} of tolerance)`;
      }
      return { case: m.case, note };
    });
  }
  for (const every of [false, true]) {
    await attempt(`mlp ${every ? 'read every step' : 'read at end'}`, 'examples/s', 1, async () => {
      const c = await peer.mlp(cfg.mlpSteps, every);
      return { case: c, counters: c.counters };
    });
  }
  await attempt('conv 3x3 64ch fwd+bwd', 'GFLOP/s', 1e-9, async () =>
    peer.conv ? { case: await peer.conv(cfg.convBatch) } : { note: 'not available' },
  );
  await attempt('attention fwd+bwd', 'GFLOP/s', 1e-9, async () =>
    peer.attention ? { case: await peer.attention() } : { note: 'not available' },
  );
}

async function runBench(cfg: BenchConfig): Promise<{ results: Result[]; adapter: string; userAgent: string }> {
  // ?kernels=auto|gpu|gpu-plain|cpu|cpu-plain in the page's URL overrides the driver's choice, for debugging by hand.
  const forced = new URLSearchParams(location.search).get('kernels');
  if ((KERNEL_VARIANTS as readonly (string | null)[]).includes(forced))
    cfg = { ...cfg, kernels: forced as KernelVariant };
  const results: Result[] = [];
  let adapter = 'unknown';
  // Load on a shared machine drifts by up to 2× over a run, so peers take turns: each round runs
  // every peer once (in reverse order on odd rounds) and the samples of all rounds are pooled.
  const perRound = { ...cfg, reps: Math.max(2, Math.ceil(cfg.reps / cfg.rounds)), budgetS: cfg.budgetS / cfg.rounds };
  for (let round = 0; round < cfg.rounds; round++) {
    const order = round % 2 ? [...cfg.peers].reverse() : cfg.peers;
    for (const name of order) {
      log(`— ${name} (round ${round + 1} of ${cfg.rounds})`);
      let peer: Peer;
      try {
        peer = await makers[name](cfg);
      } catch (e) {
        if (round === 0)
          results.push({
            item: 'start',
            peer: name,
            unit: '',
            values: [],
            error: e instanceof Error ? e.message : String(e),
          });
        log(`${name}: did not start: ${String(e)}`);
        continue;
      }
      if ('ctx' in peer) {
        const r = (peer as Peer & { ctx: { report: { vendor: string; architecture: string; description: string } } })
          .ctx.report;
        adapter = [r.vendor, r.architecture, r.description].filter(Boolean).join(' ') || 'unknown';
      }
      const got: Result[] = [];
      await runPeer(peer, perRound, got);
      await peer.close();
      for (const r of got) {
        const prev = results.find((x) => x.peer === r.peer && x.item === r.item);
        if (!prev) results.push(r);
        else {
          prev.values.push(...r.values);
          prev.error ??= r.error;
          if (r.counters) prev.counters = r.counters;
        }
      }
    }
  }
  return { results, adapter, userAgent: navigator.userAgent };
}

(window as unknown as { runBench: typeof runBench }).runBench = runBench;
document.getElementById('status')!.dataset.state = 'ready';
