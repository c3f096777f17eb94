import { useState } from 'react';
import { Catalogue } from './Catalogue.tsx';
import { ExperimentPage } from './ExperimentPage.tsx';
import { DRAWER_NAV, useMedia } from './media.ts';
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
  // Wide screens show the catalogue as a column (which the button folds away to give the views
  // the width); narrower ones keep it in a drawer over the page, so the experiment comes first.
  const drawer = useMedia(DRAWER_NAV);
  const [drawerOpen, setDrawerOpen] = useState(false);
  const [columnHidden, setColumnHidden] = useState(false);
  const shown = drawer ? drawerOpen : !columnHidden;
  const nav = drawer ? (drawerOpen ? 'drawer-open' : 'drawer') : columnHidden ? 'hidden' : 'column';
  const toggle = () => (drawer ? setDrawerOpen(!drawerOpen) : setColumnHidden(!columnHidden));
  const closeDrawer = () => setDrawerOpen(false);
  return (
    <div className="shell" data-nav={nav}>
      <header className="topbar">
        <button
          type="button"
          className="nav-toggle"
          aria-controls="catalogue"
          aria-expanded={shown}
          onClick={toggle}
          data-testid="nav-toggle"
        >
          <span aria-hidden="true">☰ </span>Experiments
        </button>
        <a className="brand" href="#/">
          Tabula
        </a>
        <span className="tagline">neural networks from a blank slate, on your GPU</span>
      </header>
      <Catalogue open={shown} drawer={drawer} onClose={closeDrawer} />
      {drawer && drawerOpen && (
        <button
          type="button"
          className="drawer-backdrop"
          aria-label="Close the experiments list"
          onClick={closeDrawer}
        />
      )}
      <main className="main" inert={drawer && drawerOpen}>
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
