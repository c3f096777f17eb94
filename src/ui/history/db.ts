// A small typed wrapper over IndexedDB for stored runs. Records are structured-cloned, so the
// snapshots' typed arrays are stored as they are.
import type { RunRecord } from './types.ts';

const DB_NAME = 'tabula';
const STORE = 'runs';

let opening: Promise<IDBDatabase> | null = null;

function open(): Promise<IDBDatabase> {
  opening ??= new Promise<IDBDatabase>((resolve, reject) => {
    const req = indexedDB.open(DB_NAME, 1);
    req.onupgradeneeded = () => {
      req.result.createObjectStore(STORE, { keyPath: 'id' });
    };
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB could not be opened'));
    req.onblocked = () => reject(new Error('IndexedDB is blocked by another tab'));
  }).catch((err: unknown) => {
    opening = null;
    throw err;
  });
  return opening;
}

function request<T>(mode: IDBTransactionMode, run: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  return open().then(
    (db) =>
      new Promise<T>((resolve, reject) => {
        const tx = db.transaction(STORE, mode);
        const req = run(tx.objectStore(STORE));
        // Resolve on commit, not on success: a write is only durable then.
        tx.oncomplete = () => resolve(req.result);
        tx.onerror = () => reject(tx.error ?? req.error ?? new Error('IndexedDB transaction failed'));
        tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
      }),
  );
}

export function putRun(run: RunRecord): Promise<IDBValidKey> {
  return request('readwrite', (s) => s.put(run));
}

export function getRun(id: string): Promise<RunRecord | undefined> {
  return request('readonly', (s) => s.get(id) as IDBRequest<RunRecord | undefined>);
}

export async function listRuns(): Promise<RunRecord[]> {
  const all = await request('readonly', (s) => s.getAll() as IDBRequest<RunRecord[]>);
  return all.sort((a, b) => b.startedAt - a.startedAt);
}

export function deleteRun(id: string): Promise<undefined> {
  return request('readwrite', (s) => s.delete(id));
}
