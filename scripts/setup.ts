/**
 * Brings what the lab and its tests need and the machine lacks. On Debian that is the chromium package
 * (the browser for the e2e tests, and the Vulkan loader and SwiftShader driver that Dawn uses in Node)
 * and dataset-fashion-mnist, installed with apt when running as root or with sudo; without either it
 * prints the one command to run. Elsewhere it prints what to do. Quick when nothing is missing.
 * Exits non-zero only when an install it tried failed. Usage: tsx scripts/setup.ts
 */
import { spawnSync } from 'node:child_process';
import { fashionMnistAtHand } from './datasets.ts';
import { aptCommand, checkPrereqs, hasApt, missingLine } from './prereqs.ts';

/** How apt can be run here: as root, through sudo (without a password, or asking at a terminal), or not at all. */
function aptAccess(): 'root' | 'sudo' | 'sudo-needs-terminal' | 'none' {
  if (process.getuid?.() === 0) return 'root';
  const sudo = spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore' });
  if (sudo.error) return 'none';
  return sudo.status === 0 || process.stdin.isTTY ? 'sudo' : 'sudo-needs-terminal';
}

function runApt(prefix: string[], args: string[]): boolean {
  const [command, ...rest] = [...prefix, 'env', 'DEBIAN_FRONTEND=noninteractive', 'apt-get', ...args];
  return spawnSync(command, rest, { stdio: 'inherit' }).status === 0;
}

async function main(): Promise<number> {
  const before = await checkPrereqs();
  const packages = [
    ...new Set([
      ...before.missing.flatMap((m) => (m.apt ? [m.apt] : [])),
      // Elsewhere `npm run datasets` downloads Fashion-MNIST; on Debian the package is the local source.
      ...(hasApt() && !fashionMnistAtHand() ? ['dataset-fashion-mnist'] : []),
    ]),
  ];
  if (packages.length) {
    const access = aptAccess();
    if (access === 'none' || access === 'sudo-needs-terminal') {
      const run = access === 'none' ? `as root: ${aptCommand(packages, false)}` : aptCommand(packages, true);
      console.log(`setup: cannot install ${packages.join(', ')} from here. Run ${run}`);
      return 0;
    }
    console.log(`setup: installing ${packages.join(' ')} with apt`);
    const runner = access === 'sudo' ? ['sudo'] : [];
    const installed =
      runApt(runner, ['update', '-qq']) &&
      runApt(runner, ['install', '-y', '-qq', '--no-install-recommends', ...packages]);
    if (!installed) {
      console.error(`setup: apt failed; run it yourself: ${aptCommand(packages)}`);
      return 1;
    }
  }
  const after = packages.length ? await checkPrereqs() : before;
  console.log(after.missing.length ? missingLine(after.missing) : `setup: nothing missing (${after.found.join('; ')})`);
  return 0;
}

main().then((code) => process.exit(code));
