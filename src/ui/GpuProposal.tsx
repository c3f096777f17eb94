import { gpuPreset, presetSpec } from '../lab/catalogue.ts';
import type { ExperimentMeta, RunSpec } from '../lab/experiment.ts';
import { specHash } from './route.ts';
import { useAppStore } from './store.ts';

/**
 * Defaults are sized for about a minute on a software GPU; on a real one the lab proposes the
 * experiment's larger, paper-like setting instead of leaving the visitor to find it.
 */
export function GpuProposal({ meta, spec }: { meta: ExperimentMeta; spec: RunSpec }) {
  const adapter = useAppStore((s) => s.adapter);
  const preset = gpuPreset(meta);
  if (adapter.state !== 'ok' || adapter.result.adapter.software || !preset) return null;
  const target = presetSpec(meta, preset, spec.seed);
  const already = Object.entries(target.params).every(([k, v]) => JSON.stringify(spec.params[k]) === JSON.stringify(v));
  if (already) return null;
  return (
    <p className="gpu-proposal" data-testid="gpu-proposal">
      Your GPU ({adapter.result.adapter.label}) can run the larger setting:{' '}
      <a href={specHash(target, meta)}>{preset.label}</a> — {preset.note}
    </p>
  );
}
