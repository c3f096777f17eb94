/**
 * The benchmark's driver, the same in a browser page (bench/main.ts) and in Node through Dawn
 * (scripts/bench-gpu.ts): every peer runs every item on the same work, in rounds.
 */
import { measure, positive, type BenchConfig, type Case, type Result } from './common.ts';
import type { Peer } from './peer.ts';

export type PeerMaker = (cfg: BenchConfig) => Promise<Peer>;

export interface BenchRun {
  results: Result[];
  adapter: string;
}

interface Built {
  case?: Case;
  note?: string;
}

async function runPeer(peer: Peer, cfg: BenchConfig, out: Result[], log: (msg: string) => void): Promise<void> {
  const attempt = async (item: string, build: () => Promise<Built>): Promise<void> => {
    if (!cfg.items.some((i) => item.startsWith(i))) return;
    const r: Result = { item, peer: peer.name, values: [], flops: 0, repeats: [] };
    const t0 = performance.now();
    try {
      const built = await build();
      if (built.note) r.note = built.note;
      if (built.case) {
        Object.assign(r, { flops: built.case.flops, examples: built.case.examples, repeats: [built.case.repeats] });
        try {
          r.values = await measure(built.case, cfg);
          if (built.case.counters) r.counters = built.case.counters();
        } finally {
          built.case.dispose();
        }
      }
    } catch (e) {
      r.error = e instanceof Error ? e.message : String(e);
    }
    out.push(r);
    const med = [...r.values].sort((a, b) => a - b)[r.values.length >> 1];
    const what = r.error
      ? `error: ${r.error}`
      : r.values.length
        ? `${(med / 1e9).toPrecision(4)} GFLOP/s (${r.values.length} samples × ${r.repeats} repeats, all checked)`
        : (r.note ?? 'not measured');
    log(`${peer.name.padEnd(12)} ${item.padEnd(26)} ${what} (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
  };
  const optional = (m: (() => Promise<Case>) | undefined) => async (): Promise<Built> =>
    m ? { case: await m() } : { note: 'not implemented for this peer' };

  for (const n of cfg.sizes)
    await attempt(`matmul ${n}`, async () => ({ case: await peer.matmul(n, positive(n * n, 1), positive(n * n, 2)) }));
  for (const batch of cfg.mlpBatches)
    for (const every of [false, true])
      await attempt(`mlp b${batch} ${every ? 'read every step' : 'read at end'}`, async () => ({
        case: await peer.mlp(batch, cfg.mlpSteps, every),
      }));
  for (const batch of cfg.convBatches)
    await attempt(`conv b${batch} fwd+bwd`, optional(peer.conv && (() => peer.conv!(batch))));
  const a = cfg.attention;
  await attempt(
    `attention b${a.batch} t${a.seq} d${a.width} h${a.heads}`,
    optional(peer.attention && (() => peer.attention!(a))),
  );
  await attempt(`resnet20 b${cfg.resnetBatch} step`, optional(peer.resnet && (() => peer.resnet!(cfg.resnetBatch))));
}

/**
 * Load on a shared machine drifts by up to 2× over a run, so peers take turns: each round runs
 * every peer once (in reverse order on odd rounds) and the samples of all rounds are pooled.
 */
export async function runBench(
  cfg: BenchConfig,
  makers: Record<string, PeerMaker>,
  log: (msg: string) => void,
): Promise<BenchRun> {
  const results: Result[] = [];
  let adapter = 'unknown';
  const perRound = { ...cfg, reps: Math.max(2, Math.ceil(cfg.reps / cfg.rounds)), budgetS: cfg.budgetS / cfg.rounds };
  for (let round = 0; round < cfg.rounds; round++) {
    const order = round % 2 ? [...cfg.peers].reverse() : cfg.peers;
    for (const name of order) {
      log(`— ${name} (round ${round + 1} of ${cfg.rounds})`);
      let peer: Peer;
      try {
        const make = makers[name];
        if (!make) throw new Error(`no peer named ${name} (peers: ${Object.keys(makers).join(', ')})`);
        peer = await make(cfg);
      } catch (e) {
        const error = e instanceof Error ? e.message : String(e);
        if (round === 0) results.push({ item: 'start', peer: name, values: [], flops: 0, repeats: [], error });
        log(`${name}: did not start: ${error}`);
        continue;
      }
      if ('ctx' in peer) {
        const r = (peer as Peer & { ctx: { report: { vendor: string; architecture: string; description: string } } })
          .ctx.report;
        adapter = [r.vendor, r.architecture, r.description].filter(Boolean).join(' ') || 'unknown';
      }
      const got: Result[] = [];
      await runPeer(peer, perRound, got, log);
      await peer.close();
      for (const r of got) {
        const prev = results.find((x) => x.peer === r.peer && x.item === r.item);
        if (!prev) results.push(r);
        else {
          prev.values.push(...r.values);
          prev.repeats.push(...r.repeats);
          prev.error ??= r.error;
          if (r.counters) prev.counters = r.counters;
        }
      }
    }
  }
  return { results, adapter };
}
