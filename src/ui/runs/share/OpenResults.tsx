import { useEffect, useRef } from 'react';
import { takeOpenUrl, useRoute } from '../../route.ts';
import { RESULTS_SUFFIX } from './codec.ts';
import { dismissShareMessage, openResultsFiles, openResultsUrl, useShare } from './open.ts';

/** Opening shared results on the runs page: a file picker, the drop hint, and what came of the last try. */
export function OpenResults() {
  const { busy, message } = useShare();
  const openUrl = useRoute((s) => s.openUrl);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (openUrl === null) return;
    const url = takeOpenUrl();
    if (url !== null) void openResultsUrl(url);
  }, [openUrl]);
  return (
    <div className="open-results">
      <p className="small">
        <button type="button" className="mini" onClick={() => input.current?.click()} disabled={busy !== null}>
          Open results file…
        </button>{' '}
        <span className="muted">
          or drop a <code>{RESULTS_SUFFIX}</code> file anywhere on the page, or link to one as <code>#/open?url=…</code>
          . Opening a file adds its run here, with every figure, without re-running it.
        </span>
        <input
          ref={input}
          type="file"
          multiple
          accept=".gz,.json,application/gzip,application/json"
          hidden
          data-testid="open-results-input"
          onChange={(e) => {
            const files = [...(e.target.files ?? [])];
            e.target.value = '';
            if (files.length > 0) void openResultsFiles(files);
          }}
        />
      </p>
      {busy !== null && (
        <p className="small muted" role="status">
          Opening {busy}…
        </p>
      )}
      {message && (
        <div
          className={message.kind === 'bad' ? 'note note-bad' : 'note'}
          role={message.kind === 'bad' ? 'alert' : 'status'}
          data-testid="open-results-message"
          data-kind={message.kind}
        >
          <span>{message.text}</span>{' '}
          <button type="button" className="mini" onClick={dismissShareMessage}>
            Dismiss
          </button>
        </div>
      )}
    </div>
  );
}
