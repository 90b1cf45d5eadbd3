/**
 * Debian's Chromium, driven through playwright-core (no browser download: the system
 * binary is used as is). Tests that need it skip with this sentence when it is missing.
 */
import { existsSync } from 'node:fs';

export const SYSTEM_CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

/** False when Chromium is there; the skip message otherwise. */
export function chromiumMissing(): false | string {
  return existsSync(SYSTEM_CHROMIUM)
    ? false
    : `no Chromium at ${SYSTEM_CHROMIUM}: install Debian's chromium (apt-get install chromium) or set CHROMIUM_PATH to run the dashboard's browser tests`;
}

export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
