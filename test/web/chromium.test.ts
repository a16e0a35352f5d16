import { describe, expect, it } from 'vitest';
import { announcement, findChromium, installHint } from './chromium.js';

// A machine of files that exist, and Playwright's download path (none by default).
const machine = (files: string[], download = '/home/u/.cache/ms-playwright/chromium-1/chrome-linux64/chrome') => ({
  exists: (f: string) => files.includes(f),
  playwright: () => download,
});

const find = (env: NodeJS.ProcessEnv, platform: NodeJS.Platform, files: string[]) => {
  const m = machine(files);
  return findChromium(env, platform, m.exists, m.playwright);
};

describe('finding the browser for the browser tests', () => {
  it('takes the browser CHROMIUM_PATH names before any other', () => {
    expect(find({ CHROMIUM_PATH: '/opt/chrome/chrome' }, 'linux', ['/opt/chrome/chrome', '/usr/bin/chromium'])).toEqual({ path: '/opt/chrome/chrome', from: 'CHROMIUM_PATH' });
  });

  it("takes Playwright's variable when CHROMIUM_PATH is unset", () => {
    expect(find({ PLAYWRIGHT_CHROMIUM_EXECUTABLE_PATH: '/opt/c' }, 'linux', ['/opt/c'])).toEqual({ path: '/opt/c', from: 'PLAYWRIGHT_CHROMIUM_EXECUTABLE_PATH' });
  });

  it('refuses a variable naming a file that does not exist rather than fall back to another browser', () => {
    const found = find({ CHROMIUM_PATH: '/nowhere/chrome' }, 'linux', ['/usr/bin/chromium']);
    expect(found).toEqual({ missing: expect.stringContaining('CHROMIUM_PATH is set to /nowhere/chrome, which does not exist') });
  });

  it("prefers Playwright's own download to the system's browser", () => {
    const download = '/home/u/.cache/ms-playwright/chromium-1/chrome-linux64/chrome';
    expect(find({}, 'linux', [download, '/usr/bin/chromium'])).toEqual({ path: download, from: 'npx playwright-core install chromium' });
  });

  it("finds Debian's chromium, Ubuntu's snap, macOS's Chrome and Windows' Chrome where their installers put them", () => {
    expect(find({}, 'linux', ['/usr/bin/chromium'])).toMatchObject({ path: '/usr/bin/chromium' });
    expect(find({}, 'linux', ['/snap/bin/chromium'])).toMatchObject({ path: '/snap/bin/chromium' });
    expect(find({}, 'darwin', ['/Applications/Google Chrome.app/Contents/MacOS/Google Chrome'])).toMatchObject({ from: 'the system' });
    const exe = 'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe';
    expect(find({ PROGRAMFILES: 'C:\\Program Files' }, 'win32', [exe])).toEqual({ path: exe, from: 'the system' });
  });

  it('says where it looked and how to install a browser when there is none', () => {
    const found = find({}, 'linux', []);
    expect('missing' in found && found.missing).toMatch(/No Chromium found \(looked at CHROMIUM_PATH and PLAYWRIGHT_CHROMIUM_EXECUTABLE_PATH, .*\/usr\/bin\/chromium/);
    expect('missing' in found && found.missing).toContain('sudo apt install chromium');
  });

  it('gives each platform its own way to install', () => {
    expect(installHint('darwin')).toContain('brew install --cask google-chrome');
    expect(installHint('win32')).toContain('winget install Google.Chrome');
    expect(installHint('linux')).toContain('npx playwright-core install --with-deps chromium');
  });

  it('opens npm test with the browser it will use, or a warning that says what to install', () => {
    expect(announcement({ path: '/usr/bin/chromium', from: 'the system' })).toBe('Browser tests: Chromium at /usr/bin/chromium (from the system).\n');
    expect(announcement(find({}, 'linux', []))).toMatch(/^\n⚠ Browser tests: No Chromium found.*\nInstall one of:\n/s);
  });
});
