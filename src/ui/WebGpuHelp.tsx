import type { AdapterState } from './store.ts';

const WHY: Record<'no-webgpu' | 'no-adapter' | 'error', string> = {
  'no-webgpu': 'This browser does not offer WebGPU to web workers, where Tabula runs its kernels.',
  'no-adapter': 'This browser has WebGPU, but it found no GPU adapter to run compute kernels on.',
  error: 'Something went wrong while starting WebGPU in the lab worker.',
};

export function WebGpuHelp({ adapter }: { adapter: Extract<AdapterState, { state: 'unavailable' | 'error' }> }) {
  const { reason, message } = adapter.result;
  return (
    <section className="help" data-testid="webgpu-unavailable" data-reason={reason} aria-labelledby="help-title">
      <h1 id="help-title">WebGPU is unavailable</h1>
      <p className="lead">
        Tabula trains networks with its own WebGPU compute kernels, so it needs WebGPU. {WHY[reason]}
      </p>
      <p className="detail" data-testid="webgpu-error-message">
        {message}
      </p>
      <h2>How to enable it</h2>
      <ul className="howto">
        <li>
          <strong>Chrome or Edge 113+</strong> on Windows, macOS and ChromeOS: WebGPU is on by default. Update the
          browser and check that hardware acceleration is enabled in its settings.
        </li>
        <li>
          <strong>Chrome or Chromium on Linux</strong>: enable <code>chrome://flags/#enable-unsafe-webgpu</code>, or
          start it with <code>--enable-unsafe-webgpu --enable-features=Vulkan</code>. Without a GPU, the first flag
          alone lets it fall back to SwiftShader (slow, but it works).
        </li>
        <li>
          <strong>Firefox</strong>: WebGPU ships on Windows in recent releases; elsewhere use Firefox Nightly, where{' '}
          <code>dom.webgpu.enabled</code> in <code>about:config</code> turns it on.
        </li>
        <li>
          <strong>Safari</strong>: recent versions (Safari 26) include WebGPU; on older ones use Safari Technology
          Preview and enable WebGPU under Develop → Feature Flags.
        </li>
      </ul>
      <p>
        Browser support at a glance:{' '}
        <a href="https://caniuse.com/webgpu" target="_blank" rel="noreferrer">
          caniuse.com/webgpu
        </a>
        . Reload this page after changing a setting.
      </p>
    </section>
  );
}
