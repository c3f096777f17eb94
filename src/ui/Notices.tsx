import { dismissNotices, useRoute } from './route.ts';

/** Problems found in an opened URL. Plain text only: the URL is untrusted input. */
export function Notices() {
  const notices = useRoute((s) => s.notices);
  if (notices.length === 0) return null;
  return (
    <div className="notice" role="alert" data-testid="url-notice">
      <div>
        <strong>This link needed fixing.</strong>
        <ul>
          {notices.map((n, i) => (
            <li key={i}>{n}</li>
          ))}
        </ul>
      </div>
      <button type="button" className="mini" onClick={dismissNotices} aria-label="Dismiss the link notice">
        Dismiss
      </button>
    </div>
  );
}
