import type { RunStatus } from './history/types.ts';

export function StatusBadge({ status }: { status: RunStatus }) {
  return (
    <span className={`status-badge status-${status}`} data-status={status}>
      {status}
    </span>
  );
}
