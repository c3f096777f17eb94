/**
 * Entry of the device test bundle (.device/gpu-tests.mjs, built by scripts/device-pack.ts, which
 * passes every src/gpu test file as a lazy import):
 *
 *   node gpu-tests.mjs [--timeout=ms] [filter …]
 *
 * runs the tests whose file path or full name ("file > describe > test") contains any filter (all
 * tests without one), one line per test, then a summary; exits 1 on any failure. Each file runs in
 * its own child process, as vitest's forks pool does: test files leave state on the shared GPU
 * context (attention.test.ts leaves kernelVariant set), and a crash in Dawn costs one file only.
 */
import { spawn } from 'node:child_process';
import { runCollected, type Outcome } from './vitest-shim.ts';

type Files = Record<string, () => Promise<unknown>>;
interface FileResult {
  passed: number;
  failed: string[];
}

function parseArgs(argv: string[]): { timeout: number; filters: string[] } {
  const timeoutArg = argv.find((a) => a.startsWith('--timeout='));
  return {
    timeout: timeoutArg ? Number(timeoutArg.slice('--timeout='.length)) : 60_000,
    filters: argv.filter((a) => a !== timeoutArg),
  };
}

/** Child: collect one file, run the selected tests, send the counts to the parent. */
async function child(files: Files, file: string, argv: string[]): Promise<void> {
  const { timeout, filters } = parseArgs(argv);
  const result: FileResult = { passed: 0, failed: [] };
  const fail = (name: string, error: string): void => {
    result.failed.push(name);
    console.log(`FAIL  ${name}\n      ${error.replaceAll('\n', '\n      ')}`);
  };
  // vitest fails a run on errors that escape a test; such errors name no test here.
  process.on('unhandledRejection', (e) =>
    fail(`${file} > (unhandled rejection)`, e instanceof Error ? e.message : String(e)),
  );
  try {
    await files[file]();
    const wholeFile = filters.length === 0 || filters.some((f) => file.includes(f));
    await runCollected(
      file,
      (name) => wholeFile || filters.some((f) => name.includes(f)),
      timeout,
      (o: Outcome) => {
        if (!o.pass) return fail(`${o.name}  (${o.ms.toFixed(0)} ms)`, o.error ?? '');
        result.passed++;
        console.log(`PASS  ${o.name}  (${o.ms.toFixed(0)} ms)`);
      },
    );
  } catch (e) {
    fail(`${file} > (collecting)`, e instanceof Error ? e.message : String(e));
  }
  // Exit explicitly: a timed-out test may still hold GPU work that keeps the event loop alive.
  process.send!(result, () => process.exit(0));
}

function runFile(file: string, argv: string[]): Promise<FileResult> {
  return new Promise((done) => {
    let result: FileResult | undefined;
    const p = spawn(process.execPath, [process.argv[1], '--child', file, ...argv], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    p.on('message', (m) => (result = m as FileResult));
    p.on('exit', (code, signal) => {
      if (result) return done(result);
      const name = `${file} > (process died: ${signal ?? `exit code ${code}`})`;
      console.log(`FAIL  ${name}`);
      done({ passed: 0, failed: [name] });
    });
  });
}

export async function main(files: Files): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv[0] === '--child') return child(files, argv[1], argv.slice(2));
  const t0 = performance.now();
  let passed = 0;
  const failed: string[] = [];
  for (const file of Object.keys(files).sort()) {
    const r = await runFile(file, argv);
    passed += r.passed;
    failed.push(...r.failed);
  }
  const seconds = ((performance.now() - t0) / 1000).toFixed(0);
  console.log(`\n${passed} passed, ${failed.length} failed (${Object.keys(files).length} files, ${seconds} s)`);
  for (const f of failed) console.log(`  FAIL  ${f}`);
  if (passed + failed.length === 0) console.log(`no test matches ${parseArgs(argv).filters.join(', ')}`);
  process.exit(failed.length || passed === 0 ? 1 : 0);
}
