// The Chromium the browser tests drive, found by the same rules for every test and for the line that
// `npm test` prints first (this file run as a script, before the type check), so that a machine
// without a browser hears so in the first seconds instead of after every other test.
// A missing browser fails the browser tests rather than skipping them: a skipped test in CI would
// report a broken page as green.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';

/** Flags for a headless run in a container or CI: no sandbox (often unavailable as root), no GPU, no traffic of its own. */
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Variables that name the browser, checked in this order; a named path that does not exist is an error, never passed over. */
export const CHROMIUM_VARIABLES = ['CHROMIUM_PATH', 'PLAYWRIGHT_CHROMIUM_EXECUTABLE_PATH'] as const;

// Where the usual packages put Chromium or Chrome, per platform. Ubuntu's chromium-browser package
// installs a snap (/snap/bin/chromium), listed last on Linux for the caveat the README gives.
function installedPaths(env: NodeJS.ProcessEnv, platform: NodeJS.Platform): string[] {
  if (platform === 'darwin') {
    return ['/Applications/Chromium.app/Contents/MacOS/Chromium', '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome'];
  }
  if (platform === 'win32') {
    const roots = [env.LOCALAPPDATA, env.PROGRAMFILES, env['PROGRAMFILES(X86)']].filter((r): r is string => !!r);
    return roots.flatMap((root) => [path.win32.join(root, 'Chromium', 'Application', 'chrome.exe'), path.win32.join(root, 'Google', 'Chrome', 'Application', 'chrome.exe')]);
  }
  return ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable', '/snap/bin/chromium'];
}

/** Where the browser was found, or why none was. */
export type ChromiumLookup = { path: string; from: string } | { missing: string };

/**
 * Finds the browser: the path a variable names (CHROMIUM_VARIABLES), else the Chromium that
 * `npx playwright-core install chromium` downloads for this playwright-core (it honours
 * PLAYWRIGHT_BROWSERS_PATH), else one installed by the system's packages. `exists` and `playwright`
 * are parameters so that a test can try each case; their defaults look at this machine.
 */
export function findChromium(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  exists: (file: string) => boolean = existsSync,
  playwright: () => string = () => chromium.executablePath(),
): ChromiumLookup {
  for (const name of CHROMIUM_VARIABLES) {
    const value = env[name];
    if (!value) continue;
    if (exists(value)) return { path: value, from: name };
    return { missing: `${name} is set to ${value}, which does not exist. Point it at a Chromium or Chrome executable, or unset it.` };
  }
  let downloaded = '';
  try {
    downloaded = playwright();
  } catch {
    // No download known for this platform: the installed browsers may still do.
  }
  if (downloaded && exists(downloaded)) return { path: downloaded, from: 'npx playwright-core install chromium' };
  const candidates = installedPaths(env, platform);
  const found = candidates.find((file) => exists(file));
  if (found) return { path: found, from: 'the system' };
  return { missing: `No Chromium found (looked at ${CHROMIUM_VARIABLES.join(' and ')}, ${downloaded || 'the Playwright download'} and ${candidates.join(', ')}).\n${installHint(platform)}` };
}

/** How to get a browser on this platform, in the words the README uses. */
export function installHint(platform: NodeJS.Platform = process.platform): string {
  const any = 'npx playwright-core install chromium   (any system; on Linux add --with-deps for its libraries)';
  const own =
    platform === 'darwin'
      ? 'brew install --cask google-chrome   (or set CHROMIUM_PATH to any Chromium or Chrome)'
      : platform === 'win32'
        ? 'winget install Google.Chrome   (or set CHROMIUM_PATH to any Chromium or Chrome)'
        : 'Debian: sudo apt install chromium   Ubuntu: npx playwright-core install --with-deps chromium (its chromium-browser is a snap; see README)';
  return `Install one of:\n  ${own}\n  ${any}\nor set CHROMIUM_PATH=/path/to/chromium. The browser tests fail until then; the others run as usual.`;
}

/** Starts the browser found by findChromium(), or throws saying what is missing and how to install it. */
export async function launchChromium(): Promise<Browser> {
  const found = findChromium();
  if ('missing' in found) throw new Error(found.missing);
  return chromium.launch({ executablePath: found.path, args: CHROMIUM_ARGS });
}

/** The line `npm test` starts with: the browser the browser tests will use, or what is missing and how to install it. */
export function announcement(found: ChromiumLookup = findChromium()): string {
  return 'missing' in found ? `\n⚠ Browser tests: ${found.missing}\n\n` : `Browser tests: Chromium at ${found.path} (from ${found.from}).\n`;
}

// Run as a script (`npm test` does, first): tell, and never stop the run, since the other tests need no browser.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) process.stderr.write(announcement());
