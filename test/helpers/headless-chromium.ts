/**
 * Loads a page in headless Chromium and returns the DOM after scripts ran, plus every
 * console message the page produced (Chromium prints them with --enable-logging).
 * Offline flags keep it from calling home; each call gets a throwaway profile.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ensureChromium } from './ensure-chromium.ts';

const run = promisify(execFile);

export const OFFLINE_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface LoadedPage {
  dom: string;
  /** `"message", source: file:///... (line)` for each console message and uncaught error. */
  console: string[];
}

export async function loadPage(url: string, options: { virtualTimeMs?: number } = {}): Promise<LoadedPage> {
  const chromium = ensureChromium();
  const profile = await mkdtemp(join(tmpdir(), 'loadspec-chromium-'));
  try {
    const { stdout, stderr } = await run(
      chromium,
      [
        ...OFFLINE_FLAGS,
        `--user-data-dir=${profile}`,
        '--enable-logging=stderr',
        '--v=0',
        `--virtual-time-budget=${options.virtualTimeMs ?? 5000}`,
        '--window-size=1280,2400',
        '--dump-dom',
        url,
      ],
      { timeout: 60_000, maxBuffer: 64 * 1024 * 1024, killSignal: 'SIGKILL' },
    );
    const consoleLines = stderr
      .split('\n')
      .filter((line) => line.includes(':CONSOLE'))
      .map((line) => line.replace(/^.*?:CONSOLE[^\]]*\]\s*/, ''));
    return { dom: stdout, console: consoleLines };
  } finally {
    await rm(profile, { recursive: true, force: true });
  }
}
