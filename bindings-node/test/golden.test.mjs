// Golden vectors shared with the Rust and Python suites: the Node binding must produce the
// same bytes as the core for every request stored under tests/golden at the repository root.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

import { generate, generateAsync } from '../index.mjs';
import { goldenDir, optionsFromRequest, sha256Lines } from './helpers.mjs';

const files = existsSync(goldenDir)
  ? readdirSync(goldenDir)
      .filter((name) => name.endsWith('.json'))
      .sort()
  : [];

if (files.length === 0) {
  test('golden vectors', { skip: `no golden vectors under ${goldenDir}` }, () => {});
}

for (const file of files) {
  const golden = JSON.parse(readFileSync(join(goldenDir, file), 'utf8'));

  test(`golden ${file}`, async (t) => {
    assert.ok(Array.isArray(golden.cases) && golden.cases.length > 0, `${file} has no cases`);
    for (const goldenCase of golden.cases) {
      await t.test(goldenCase.name, async () => {
        const { source } = goldenCase.request;
        const options = optionsFromRequest(goldenCase.request);
        const events = generate(source, options);

        if (goldenCase.raw !== undefined) {
          assert.deepEqual(events, goldenCase.raw);
        }
        if (goldenCase.sha256 !== undefined) {
          assert.equal(sha256Lines(events), goldenCase.sha256);
        }
        assert.ok(goldenCase.raw !== undefined || goldenCase.sha256 !== undefined, 'case has neither raw nor sha256');

        assert.deepEqual(await generateAsync(source, options), events);
      });
    }
  });
}
