// sources() and source(): the catalog as plain objects.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { source, sources } from '../index.mjs';

test('sources are sorted and described', () => {
  const all = sources();
  const ids = all.map((s) => s.id);
  assert.deepEqual(ids, [...ids].sort());
  assert.ok(ids.includes('linux_auth'));
  for (const info of all) {
    assert.ok(info.vendor && info.product && info.category && info.sourcetype, info.id);
    assert.ok(info.formats.length > 0, info.id);
    assert.ok(info.variants.length > 0, info.id);
    assert.ok(['lines', 'windows_xml', 'csv'].includes(info.framing), info.id);
    assert.match(info.docUrl, /^https:\/\//, info.id);
  }
});

test('source returns one description', () => {
  const info = source('linux_auth');
  assert.equal(info.id, 'linux_auth');
  assert.equal(info.vendor, 'Linux');
  assert.deepEqual(info.ocsfClasses.length > 0, true);
  const variant = info.variants.find((v) => v.name === 'ssh_failed_password');
  assert.equal(typeof variant.weight, 'number');
  assert.equal(variant.format, 'syslog3164');
  assert.deepEqual(source('LINUX_AUTH'), info);
});

test('sources filter by criteria', () => {
  assert.deepEqual(
    sources({ text: 'linux' }).map((s) => s.id),
    ['linux_auth'],
  );
  assert.ok(sources({ format: 'syslog3164' }).some((s) => s.id === 'linux_auth'));
  assert.ok(sources({ ocsfClass: 3002 }).some((s) => s.id === 'linux_auth'));
  // Valid values that no source combines match nothing, without an error.
  assert.deepEqual(sources({ category: 'email', format: 'xml' }), []);
  assert.ok(sources({ category: 'NETWORK' }).length > 0);
  assert.deepEqual(sources({ vendor: 'no such vendor' }), []);
  assert.deepEqual(sources({ category: source('linux_auth').category, text: 'linux' }).length, 1);
});

test('unknown source error names sources()', () => {
  assert.throws(() => source('zzzzzzzzzzzzzz'), (err) => {
    assert.equal(err.code, 'unknown_source');
    assert.deepEqual(err.suggestions, []);
    assert.match(err.message, /sources\(\)/);
    assert.doesNotMatch(err.message, /siemulator list/);
    return true;
  });
});

test('an alias of a second wire form has the mix of the first', () => {
  const info = source('linux_auth');
  const file = info.aliases.find((alias) => alias.id === 'linux_auth_file');
  assert.ok(file);
  const relayed = info.variants.filter((variant) => variant.weight > 0);
  assert.deepEqual(file.variants, relayed.map((variant) => `file_${variant.name}`));
  assert.deepEqual(file.weights, relayed.map((variant) => variant.weight));
  const okta = source('okta_system_log').aliases.find((alias) => alias.id === 'okta_authentication');
  assert.deepEqual(okta.weights, []);
});
