import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { startRouting } from './route.ts';
import { startPersistence } from './run-store.ts';
import { listenForDroppedResults } from './runs/share/open.ts';
import { startLab } from './store.ts';
import './styles.css';

startLab();
startRouting();
void startPersistence();
listenForDroppedResults();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
