import { count } from './format.ts';
import { useAppStore, type AdapterState } from './store.ts';

function adapterText(a: AdapterState): string {
  switch (a.state) {
    case 'pending':
      return 'WebGPU: probing…';
    case 'ok':
      return `WebGPU: ${a.result.adapter.label}`;
    case 'unavailable':
      return 'WebGPU: unavailable';
    case 'error':
      return 'WebGPU: error';
  }
}

function AdapterStatus() {
  const adapter = useAppStore((s) => s.adapter);
  const check = adapter.state === 'ok' ? adapter.result.check : null;
  return (
    <span className="status-item" data-testid="adapter-status" data-state={adapter.state}>
      <span className={`dot dot-${adapter.state}`} aria-hidden="true" />
      <span data-testid="adapter-label">{adapterText(adapter)}</span>
      {check && (
        <span
          className={check.passed ? 'check check-pass' : 'check check-fail'}
          data-testid="probe-check"
          data-passed={String(check.passed)}
          title="A tiny compute kernel (y = x + 1 on 1,000 values) run inside the lab worker and read back"
        >
          {check.passed ? '✓' : '✗'} {check.kernel} kernel {check.passed ? 'passed' : 'FAILED'} in {check.ms.toFixed(1)}{' '}
          ms
        </span>
      )}
    </span>
  );
}

/** Kernel variants that disagreed with their reference on this adapter: the lab runs the plain kernels. */
function FallbackStatus() {
  const adapter = useAppStore((s) => s.adapter);
  const fallbacks = adapter.state === 'ok' ? adapter.result.fallbacks : [];
  if (fallbacks.length === 0) return null;
  const ops = [...new Set(fallbacks.map((f) => f.op))];
  return (
    <span
      className="status-item check check-fail"
      data-testid="kernel-fallbacks"
      data-count={fallbacks.length}
      title={fallbacks.map((f) => `${f.variant}: ${f.reason}`).join('\n')}
    >
      ⚠ plain kernels for {ops.join(', ')}: {fallbacks.length === 1 ? 'a faster variant' : 'faster variants'} disagreed
      with the reference on this adapter
    </span>
  );
}

function DatasetsStatus() {
  const datasets = useAppStore((s) => s.datasets);
  return (
    <span className="status-item" data-testid="datasets-status" data-state={datasets.state}>
      <span className="status-key">Datasets:</span>
      {datasets.state === 'pending' && <span>loading…</span>}
      {datasets.state === 'ready' && datasets.list.length === 0 && (
        <span className="hint">
          no datasets found — run <code>npm run datasets</code>
        </span>
      )}
      {datasets.state === 'ready' &&
        datasets.list.map((d) => (
          <span
            key={d.name}
            className="dataset"
            data-dataset={d.name}
            title={`${d.shape.join('×')}, ${d.classes.length} classes`}
          >
            <strong>{d.title}</strong> {count(d.train)} train / {count(d.test)} test
          </span>
        ))}
    </span>
  );
}

export function StatusBar() {
  return (
    <footer className="statusbar" role="status">
      <AdapterStatus />
      <FallbackStatus />
      <DatasetsStatus />
    </footer>
  );
}
