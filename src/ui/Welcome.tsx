import { StartCards } from './StartCards.tsx';
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
    <section aria-label="Your GPU">
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
        Train networks from random initialization right here, on your GPU, and watch what the papers describe happen:
        lottery tickets, lazy and rich training, loss landscapes, attention heads. Pick one below; it starts at once.
      </p>
      <StartCards />
      <p>
        Every operation — matrix products, convolutions, attention, their gradients — is a hand-written WebGPU compute
        kernel running in a worker; no machine-learning framework does the math. Runs are deterministic: the same seed
        gives the same numbers, and every experiment is a link you can share. All experiments are under{' '}
        <strong>Experiments</strong>.
      </p>
      <details className="card gpu-details" data-testid="gpu-details">
        <summary>Your GPU and what the lab found on it</summary>
        <AdapterCard />
      </details>
    </div>
  );
}
