// ES module loading: named exports and the default export of the package.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { test } from 'node:test';

import siemulator, * as named from 'siemulator';

test('import resolves the package name to the ES module entry', () => {
  assert.ok(import.meta.resolve('siemulator').endsWith('/index.mjs'));
  const require = createRequire(import.meta.url);
  assert.ok(require.resolve('siemulator').endsWith('/index.js'));
});

test('named exports match the default export', () => {
  const names = Object.keys(named)
    .filter((name) => name !== 'default')
    .sort();
  assert.deepEqual(names, Object.keys(siemulator).sort());
  for (const name of names) {
    assert.equal(named[name], siemulator[name], name);
  }
});

test('named exports work', async () => {
  const { generate, generateAsync } = named;
  assert.deepEqual(await generateAsync('linux_auth', { count: 4 }), generate('linux_auth', { count: 4 }));
});
