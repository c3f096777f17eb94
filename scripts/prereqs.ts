/**
 * What `npm test` needs from the machine, checked before anything else so that a machine lacking it
 * stops within seconds with one line naming the fix, instead of hundreds of failing tests: a Chromium
 * for the e2e tests and, in Node, a WebGPU adapter from Dawn (on Linux through a Vulkan loader and
 * driver; Debian's chromium package brings both, SwiftShader included). Usage: tsx scripts/prereqs.ts
 */
import { spawn } from 'node:child_process';
import { accessSync, constants, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromiumPathFor } from './chromium-path.ts';
import { icdVariable, nodeGpuEnv, swiftshaderIcd, systemIcdDirs, vulkanIcds, vulkanLoader } from './node-gpu-env.ts';

/** Something missing, and how to get it: a Debian package where apt can bring it, else a sentence. */
export interface Missing {
  what: string;
  apt?: string;
  fix?: string;
}

const ADAPTER_TIMEOUT_MS = 15_000;
const nodeAdapterScript = fileURLToPath(new URL('./node-adapter.ts', import.meta.url));

export const hasApt = (): boolean => process.platform === 'linux' && existsSync('/usr/bin/apt-get');
const isRoot = (): boolean => process.getuid?.() === 0;

/** The apt-get command that installs `packages`, with sudo unless already root or told otherwise. */
export function aptCommand(packages: string[], sudo = !isRoot()): string {
  return `${sudo ? 'sudo ' : ''}apt-get install ${packages.join(' ')}`;
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The Chromium the tests would launch (Playwright's own where no path is set), or why there is none. */
async function chromiumProblem(env: NodeJS.ProcessEnv): Promise<Missing | undefined> {
  const configured = chromiumPathFor(env, process.platform);
  if (configured) {
    if (isExecutable(configured)) return undefined;
    if (env.CHROMIUM_PATH)
      return {
        what: `Chromium (CHROMIUM_PATH=${configured})`,
        fix: 'set CHROMIUM_PATH to a Chromium or Chrome binary',
      };
    return hasApt()
      ? { what: `Chromium (${configured})`, apt: 'chromium' }
      : { what: `Chromium (${configured})`, fix: 'install Chromium and set CHROMIUM_PATH to its binary' };
  }
  // Loaded only here: importing Playwright costs most of a second.
  const { chromium } = await import('@playwright/test');
  const bundled = chromium.executablePath();
  if (existsSync(bundled)) return undefined;
  return {
    what: `Playwright's Chromium (${bundled})`,
    fix: 'npx playwright install chromium, or set CHROMIUM_PATH to an installed Chrome',
  };
}

/** On Linux, Dawn needs a Vulkan loader and at least one driver manifest (ICD) it points to. */
function vulkanProblems(env: NodeJS.ProcessEnv, gpuEnv: NodeJS.ProcessEnv): Missing[] {
  if (process.platform !== 'linux') return [];
  const viaChromium = (what: string): Missing =>
    hasApt() ? { what, apt: 'chromium' } : { what, fix: 'install a Vulkan loader and driver (e.g. Mesa lavapipe)' };
  const missing: Missing[] = [];
  if (!vulkanLoader(gpuEnv)) missing.push(viaChromium('Vulkan loader (libvulkan.so.1)'));
  if (vulkanIcds(gpuEnv).length === 0) {
    const named = icdVariable(env);
    missing.push(
      named
        ? {
            what: `Vulkan ICD (${named.name}=${named.value})`,
            fix: `unset ${named.name} or point it at a Vulkan driver's .json that exists`,
          }
        : viaChromium(`Vulkan ICD (${swiftshaderIcd} or one in ${systemIcdDirs[0]})`),
    );
  }
  return missing;
}

/** Asks Dawn for an adapter in a child process started with `gpuEnv`; its name, or why there is none. */
function nodeAdapter(gpuEnv: NodeJS.ProcessEnv): Promise<{ name: string } | { problem: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', nodeAdapterScript], {
      env: gpuEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: ADAPTER_TIMEOUT_MS,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', (err) => resolve({ problem: err.message }));
    child.on('close', (code, signal) => {
      if (code === 0) return resolve({ name: stdout.trim() });
      if (signal) return resolve({ problem: `no answer within ${ADAPTER_TIMEOUT_MS / 1000} s` });
      // Dawn explains itself in warnings on stderr; the first one is the cause, the rest its trace.
      const why = stderr.split('\n').find((l) => /warning|error/i.test(l)) ?? stdout.trim().split('\n')[0];
      resolve({ problem: (why || `exit code ${code}`).replace(/^\s*Warning:\s*/, '').trim() });
    });
  });
}

export interface PrereqReport {
  missing: Missing[];
  /** What was found, for the line printed when nothing is missing. */
  found: string[];
}

export async function checkPrereqs(env: NodeJS.ProcessEnv = process.env): Promise<PrereqReport> {
  const gpuEnv = { ...env, ...nodeGpuEnv(env) };
  const missing: Missing[] = [];
  const found: string[] = [];
  const chromium = await chromiumProblem(env);
  if (chromium) missing.push(chromium);
  else found.push(`Chromium ${chromiumPathFor(env, process.platform) ?? "(Playwright's own)"}`);
  const vulkan = vulkanProblems(env, gpuEnv);
  missing.push(...vulkan);
  // Without a loader or a driver Dawn has no adapter to give; the lines above already say why.
  if (vulkan.length === 0) {
    const adapter = await nodeAdapter(gpuEnv);
    if ('name' in adapter) found.push(`WebGPU in Node: ${adapter.name}`);
    else
      missing.push({
        what: `WebGPU adapter in Node (${adapter.problem})`,
        fix:
          process.platform === 'linux'
            ? 'point VK_ICD_FILENAMES at a working Vulkan driver (Debian: apt-get install chromium brings SwiftShader)'
            : 'update the GPU driver (Dawn uses Metal on macOS, D3D12 on Windows)',
      });
  }
  return { missing, found };
}

/** One line: everything missing, then the fixes, the apt packages merged into one command. */
export function missingLine(missing: Missing[]): string {
  const packages = [...new Set(missing.flatMap((m) => (m.apt ? [m.apt] : [])))];
  const fixes = [
    ...(packages.length ? [`${aptCommand(packages)} (or npm run setup)`] : []),
    ...new Set(missing.flatMap((m) => (m.fix ? [m.fix] : []))),
  ];
  return `npm test cannot run here. Missing: ${missing.map((m) => m.what).join(', ')}. Fix: ${fixes.join('; ')}.`;
}

async function main(): Promise<number> {
  const { missing, found } = await checkPrereqs();
  if (missing.length) {
    console.error(missingLine(missing));
    return 1;
  }
  console.log(`Prerequisites: ${found.join('; ')}`);
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main().then((code) => process.exit(code));
}
