// CommonJS loading: require() of the package name and of the folder give the same native
// functions as the ES module entry.
'use strict';

const assert = require('node:assert/strict');
const { test } = require('node:test');

const EXPORTS = [
  'sources',
  'source',
  'generate',
  'generateAsync',
  'stream',
  'write',
  'writeAsync',
  'parse',
  'parseLine',
  'World',
  'Event',
  'EventStream',
  'Scenario',
  'ScenarioEventStream',
  'ERROR_CODES',
  'OUTPUT_FORMATS',
  'isSiemulatorError',
];

test('require resolves the package name to the CommonJS entry', () => {
  assert.equal(require.resolve('siemulator'), require.resolve('../index.js'));
  const siemulator = require('siemulator');
  assert.equal(siemulator, require('..'));
  assert.deepEqual(Object.keys(siemulator).sort(), [...EXPORTS].sort());
});

test('require gives working functions', () => {
  const { generate, stream, World } = require('siemulator');
  const events = generate('linux_auth', { count: 3, seed: 1 });
  assert.equal(events.length, 3);
  assert.deepEqual(
    [...stream('linux_auth', { count: 3, seed: 1 })].map((e) => e.raw),
    events,
  );
  assert.equal(new World(1, { users: 2 }).users.length, 2);
});

test('require and import share one addon', async () => {
  const cjs = require('siemulator');
  const esm = await import('siemulator');
  for (const name of EXPORTS) {
    assert.equal(esm[name], cjs[name], name);
  }
  assert.equal(esm.default, cjs);
});
