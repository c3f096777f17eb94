/**
 * The Chromium that the e2e tests and browser scripts drive: CHROMIUM_PATH when set, else Debian's
 * on Linux (nothing can be downloaded where the tests run). Elsewhere undefined, which makes
 * Playwright use its own Chromium (`npx playwright install chromium`).
 */
export function chromiumPathFor(env: NodeJS.ProcessEnv, platform: NodeJS.Platform): string | undefined {
  return env.CHROMIUM_PATH || (platform === 'linux' ? '/usr/bin/chromium' : undefined);
}
