/**
 * Makes sure a headless Chromium is available for the HTML report tests. The tests
 * must not skip when it is missing: as root we install it with apt-get (the machine
 * image is Debian), otherwise we fail with a sentence saying what to install.
 */
import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

function findChromium(): string | undefined {
  const fromEnv = process.env['CHROMIUM_PATH'];
  if (fromEnv && existsSync(fromEnv)) return fromEnv;
  return CANDIDATES.find((path) => existsSync(path));
}

function aptGet(args: string[]): void {
  // Other processes may hold the dpkg lock; wait for it rather than failing at once.
  execFileSync('apt-get', ['-o', 'DPkg::Lock::Timeout=300', ...args], {
    stdio: 'pipe',
    timeout: 15 * 60_000,
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
}

/** Returns the path of a Chromium binary, installing it with apt-get when missing and running as root. */
export function ensureChromium(): string {
  const found = findChromium();
  if (found) return found;
  if (process.getuid?.() !== 0) {
    throw new Error(
      'The HTML report tests need Chromium: install it (`sudo apt-get install -y chromium`) or set CHROMIUM_PATH.',
    );
  }
  try {
    aptGet(['install', '-y', '--no-install-recommends', 'chromium']);
  } catch {
    // A fresh image has no package lists yet.
    try {
      aptGet(['update']);
      aptGet(['install', '-y', '--no-install-recommends', 'chromium']);
    } catch (error) {
      throw new Error('Could not install Chromium with apt-get; the HTML report tests need it.', { cause: error });
    }
  }
  const installed = findChromium();
  if (!installed) throw new Error('apt-get installed chromium but no chromium binary was found in /usr/bin.');
  return installed;
}
