/**
 * The record `npm run verify` keeps (docs/paper-checks.json), bundled with the app: every check's
 * last result on its held-out seeds, PASS or FAIL, with its numbers.
 */
import raw from '../../../docs/paper-checks.json?raw';
import { parseRecords, type CheckRecord } from '../../lab/checks/report.ts';

const byId = new Map(parseRecords(raw).records.map((r) => [r.id, r]));

/** The stored result of check `id`, if it has run under the held-out-seed protocol. */
export function storedRecord(id: string): CheckRecord | undefined {
  return byId.get(id);
}
