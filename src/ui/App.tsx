import { Catalogue } from './Catalogue.tsx';
import { ExperimentPage } from './ExperimentPage.tsx';
import { Notices } from './Notices.tsx';
import { useRoute } from './route.ts';
import { RunsPage } from './RunsPage.tsx';
import { StatusBar } from './StatusBar.tsx';
import { Welcome } from './Welcome.tsx';
import { WebGpuHelp } from './WebGpuHelp.tsx';
import { useAppStore } from './store.ts';

export function App() {
  const adapter = useAppStore((s) => s.adapter);
  const page = useRoute((s) => s.page);
  return (
    <div className="shell">
      <header className="topbar">
        <a className="brand" href="#/">
          Tabula
        </a>
        <span className="tagline">neural networks from a blank slate, on your GPU</span>
      </header>
      <Catalogue />
      <main className="main">
        {page === 'experiment' ? (
          <ExperimentPage />
        ) : page === 'runs' ? (
          <RunsPage />
        ) : (
          <>
            <Notices />
            {adapter.state === 'unavailable' || adapter.state === 'error' ? (
              <WebGpuHelp adapter={adapter} />
            ) : (
              <Welcome />
            )}
          </>
        )}
      </main>
      <StatusBar />
    </div>
  );
}
