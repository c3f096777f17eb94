import { count, mebibytes } from './format.ts';
import { useAppStore } from './store.ts';

function AdapterCard() {
  const adapter = useAppStore((s) => s.adapter);
  if (adapter.state !== 'ok') {
    return <p className="muted">Checking that WebGPU works in the lab worker…</p>;
  }
  const { adapter: a, check } = adapter.result;
  const rows: Array<[string, string]> = [
    ['Adapter', a.label],
    ['Max buffer', mebibytes(a.limits.maxBufferSize)],
    ['Max storage binding', mebibytes(a.limits.maxStorageBufferBindingSize)],
    ['Workgroup memory', `${count(a.limits.maxComputeWorkgroupStorageSize / 1024)} KiB`],
    ['Invocations per workgroup', count(a.limits.maxComputeInvocationsPerWorkgroup)],
  ];
  return (
    <section className="card" aria-labelledby="adapter-card-title">
      <h2 id="adapter-card-title">Your GPU</h2>
      <dl className="facts">
        {rows.map(([k, v]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
        <div>
          <dt>Optional features</dt>
          <dd>
            {a.features.length === 0 ? (
              'none'
            ) : (
              <details>
                <summary>{a.features.length} available</summary>
                {a.features.join(', ')}
              </details>
            )}
          </dd>
        </div>
      </dl>
      {a.software && (
        <p className="note">
          This is a software adapter: kernels run on the CPU, so training is slow and timings say little about GPUs.
        </p>
      )}
      {!check.passed && (
        <p className="note note-bad">The probe kernel returned wrong values: this adapter cannot be trusted.</p>
      )}
    </section>
  );
}

export function Welcome() {
  return (
    <div className="welcome" data-testid="welcome">
      <h1>A lab for the science of neural networks</h1>
      <p className="lead">
        Tabula trains neural networks from random initialization, right here in your browser. Every operation — matrix
        products, convolutions, attention, their gradients — is a hand-written WebGPU compute kernel running in a
        worker; no machine-learning framework does the math.
      </p>
      <p>
        Each experiment is a small, reproducible study: pick a model and a dataset, train it, and look inside — pruning
        masks and lottery tickets, lazy and rich training regimes, grokking, loss landscapes, attention maps. Runs are
        deterministic: the same seed gives the same numbers.
      </p>
      <p className="muted">
        The experiments in the catalogue are being built; this page checks that your browser is ready.
      </p>
      <AdapterCard />
    </div>
  );
}
