import { Catalogue } from './Catalogue.tsx';
import { StatusBar } from './StatusBar.tsx';
import { Welcome } from './Welcome.tsx';
import { WebGpuHelp } from './WebGpuHelp.tsx';
import { useAppStore } from './store.ts';

export function App() {
  const adapter = useAppStore((s) => s.adapter);
  return (
    <div className="shell">
      <header className="topbar">
        <span className="brand">Tabula</span>
        <span className="tagline">neural networks from a blank slate, on your GPU</span>
      </header>
      <Catalogue />
      <main className="main">
        {adapter.state === 'unavailable' || adapter.state === 'error' ? <WebGpuHelp adapter={adapter} /> : <Welcome />}
      </main>
      <StatusBar />
    </div>
  );
}
