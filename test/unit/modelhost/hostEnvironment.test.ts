// The model host's environment: glibc's malloc asked for transparent huge pages, the user's tunables kept.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HUGE_PAGES_TUNABLE, hostEnvironment } from '../../../src/modelhost/hostEnvironment';
import { ModelHostClient } from '../../../src/modelhost/client';

test('on Linux the host gets the huge-pages tunable, after the tunables the user set', () => {
  assert.equal(hostEnvironment({ PATH: '/bin' }, 'linux').GLIBC_TUNABLES, HUGE_PAGES_TUNABLE);
  assert.equal(hostEnvironment({ PATH: '/bin' }, 'linux').PATH, '/bin');
  assert.equal(hostEnvironment({ GLIBC_TUNABLES: 'glibc.malloc.arena_max=2' }, 'linux').GLIBC_TUNABLES, `glibc.malloc.arena_max=2:${HUGE_PAGES_TUNABLE}`);
});

test('a hugetlb tunable the user set is kept as it is, and other systems get the environment unchanged', () => {
  const mine = { GLIBC_TUNABLES: 'glibc.malloc.hugetlb=0' };
  assert.equal(hostEnvironment(mine, 'linux'), mine);
  const mac = { PATH: '/bin' };
  assert.equal(hostEnvironment(mac, 'darwin'), mac);
  assert.equal(hostEnvironment(mac, 'win32'), mac);
});

test('a real model host starts with it in its environment', { skip: process.platform !== 'linux' ? 'the tunable is set on Linux only' : false }, async () => {
  const client = new ModelHostClient({ hostScript: join(process.cwd(), 'dist', 'modelhost.js') });
  try {
    await client.load(join(process.cwd(), 'test', 'fixtures', 'models', 'seq-flat-29.onnx'));
    const environ = readFileSync(`/proc/${client.pid}/environ`, 'utf8').split('\0');
    assert.ok(environ.some((v) => v.startsWith('GLIBC_TUNABLES=') && v.split(/[=:]/).includes('glibc.malloc.hugetlb')), environ.filter((v) => v.startsWith('GLIBC')).join(' ') || 'no GLIBC_TUNABLES');
  } finally {
    await client.dispose();
  }
});
