import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dashboardFromEnvironment, readDashboardAddress } from '../../src/dashboard/address.ts';

test('the dashboard listens on 127.0.0.1 unless a host is written out', () => {
  assert.deepEqual(readDashboardAddress(true), { ok: true, address: { host: '127.0.0.1', port: 8089 } });
  assert.deepEqual(readDashboardAddress('18140'), { ok: true, address: { host: '127.0.0.1', port: 18140 } });
  assert.deepEqual(readDashboardAddress('0.0.0.0:18141'), { ok: true, address: { host: '0.0.0.0', port: 18141 } });
  assert.deepEqual(readDashboardAddress('[::1]:0'), { ok: true, address: { host: '::1', port: 0 } });
  const bad = readDashboardAddress('eighty');
  assert.equal(bad.ok, false);
  assert.match(bad.ok ? '' : bad.message, /^--dashboard "eighty" is not a port; write a port \(--dashboard 8089/);
  assert.equal(readDashboardAddress('70000').ok, false);
  const file = readDashboardAddress('configs/smoke.yml');
  assert.match(file.ok ? '' : file.message, /took "configs\/smoke.yml" as its port; put --dashboard after the scenario files/);
});

test('LOADSPEC_DASHBOARD=1 turns it on at the default port; 0 or empty leave it off', () => {
  assert.deepEqual(dashboardFromEnvironment({ LOADSPEC_DASHBOARD: '1' }), { ok: true, address: { host: '127.0.0.1', port: 8089 } });
  assert.deepEqual(dashboardFromEnvironment({ LOADSPEC_DASHBOARD: '18142' }), { ok: true, address: { host: '127.0.0.1', port: 18142 } });
  assert.equal(dashboardFromEnvironment({ LOADSPEC_DASHBOARD: '0' }), null);
  assert.equal(dashboardFromEnvironment({}), null);
  const bad = dashboardFromEnvironment({ LOADSPEC_DASHBOARD: 'yes please' });
  assert.match(bad?.ok === false ? bad.message : '', /^LOADSPEC_DASHBOARD "yes please" is not a port/);
});
