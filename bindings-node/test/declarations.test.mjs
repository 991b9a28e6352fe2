// index.d.ts against the runtime: every native function and class is exported, and every
// export is declared, so the hand-refined declarations cannot drift from the addon.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

import * as siemulator from '../index.mjs';
import { packageRoot } from './helpers.mjs';

// Native functions the loader wraps under another name.
const WRAPPED = new Map([
  ['errorCodes', 'ERROR_CODES'],
  ['outputFormats', 'OUTPUT_FORMATS'],
]);

function declaredNames(text, pattern) {
  return [...text.matchAll(pattern)].map((match) => match[1]);
}

const VALUE_DECLARATION = /^export declare (?:function|class|const) (\w+)/gm;

test('native declarations are exported by the loader', () => {
  const generated = join(packageRoot, 'native.d.ts');
  assert.ok(existsSync(generated), 'native.d.ts is missing; `npm run build` writes it');
  const native = declaredNames(readFileSync(generated, 'utf8'), VALUE_DECLARATION);
  assert.ok(native.length > 0);
  for (const name of native) {
    const exported = WRAPPED.get(name) ?? name;
    assert.ok(exported in siemulator, `${name} from the addon is not exported by index.js`);
  }
});

test('every export is declared in index.d.ts', () => {
  const declared = new Set(declaredNames(readFileSync(join(packageRoot, 'index.d.ts'), 'utf8'), VALUE_DECLARATION));
  const exported = Object.keys(siemulator).filter((name) => name !== 'default');
  assert.deepEqual(exported.filter((name) => !declared.has(name)), []);
  assert.deepEqual([...declared].filter((name) => !exported.includes(name)), []);
});
