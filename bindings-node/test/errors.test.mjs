// Errors: every failure is an Error with the core's stable code and structured fields.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

import {
  ERROR_CODES,
  Event,
  EventStream,
  Scenario,
  ScenarioEventStream,
  generate,
  generateAsync,
  isSiemulatorError,
  parse,
  parseLine,
  source,
  sources,
  stream,
  write,
  World,
} from '../index.mjs';
import { repoRoot } from './helpers.mjs';

const SOURCE = 'linux_auth';

/** Asserts that `action` throws an Error with `code` and the given fields, and returns it. */
function assertCode(action, code, fields = {}) {
  let caught;
  try {
    action();
  } catch (err) {
    caught = err;
  }
  assert.ok(caught instanceof Error, `expected an Error with code ${code}, got ${caught}`);
  assert.equal(caught.code, code, caught.message);
  assert.ok(isSiemulatorError(caught));
  for (const [key, value] of Object.entries(fields)) {
    assert.deepEqual(caught[key], value, `field ${key} of ${caught.message}`);
  }
  return caught;
}

test('ERROR_CODES lists the core and binding codes', () => {
  const text = readFileSync(join(repoRoot, 'core', 'src', 'error.rs'), 'utf8');
  const block = text.slice(text.indexOf('pub const ERROR_CODES'));
  const core = [...block.slice(0, block.indexOf('];')).matchAll(/"([a-z_]+)"/g)].map((m) => m[1]);
  assert.ok(core.length >= 9);
  assert.deepEqual([...ERROR_CODES], [...core, 'internal_error', 'invalid_constructor_call']);
  assert.ok(Object.isFrozen(ERROR_CODES));
});

test('unknown source lists suggestions', () => {
  const err = assertCode(() => generate('linux_auht'), 'unknown_source', { id: 'linux_auht', suggestions: ['linux_auth'] });
  assert.match(err.message, /did you mean linux_auth/);
  assert.ok(err.stack.includes('errors.test.mjs'), 'the stack points at the caller');
  assertCode(() => source('no_such_product'), 'unknown_source', { suggestions: [] });
  assertCode(() => stream('no_such_product'), 'unknown_source');
  assertCode(() => parse('no_such_product', ''), 'unknown_source');
});

test('unknown variant lists the variants', () => {
  const err = assertCode(() => generate(SOURCE, { variant: 'teleport' }), 'unknown_variant', {
    sourceId: SOURCE,
    variant: 'teleport',
  });
  assert.deepEqual(
    err.available,
    source(SOURCE).variants.map((v) => v.name),
  );
});

test('unknown override field lists the fields', () => {
  const err = assertCode(
    () => generate(SOURCE, { variant: 'ssh_failed_password', overrides: { no_such_field: 'x' } }),
    'unknown_field',
    { sourceId: SOURCE, variant: 'ssh_failed_password', field: 'no_such_field' },
  );
  assert.ok(err.available.includes('hostname'));
});

test('invalid arguments name the argument', () => {
  const cases = [
    [{ seed: -1 }, 'seed'],
    [{ seed: 1.5 }, 'seed'],
    [{ seed: 2 ** 53 }, 'seed'],
    [{ seed: 2n ** 64n }, 'seed'],
    [{ seed: -1n }, 'seed'],
    [{ count: -3 }, 'count'],
    [{ count: 2 ** 32 }, 'count'],
    [{ offset: 0.5 }, 'offset'],
    [{ start: 'yesterday' }, 'start'],
    [{ start: new Date(Number.NaN) }, 'start'],
    [{ end: '2026-13-01T00:00:00Z' }, 'end'],
    [{ profile: 'sometimes' }, 'profile'],
    [{ profile: { type: 'constant', multiplier: 3 } }, 'profile'],
    [{ overrides: 'hostname=x' }, 'overrides'],
    [{ overrides: [['hostname']] }, 'overrides'],
    [{ overrides: { hostname: { nested: true } } }, 'overrides'],
    [{ world: { users: 0 } }, 'world.users'],
    [{ world: { organisation: ' ' } }, 'world.organisation'],
  ];
  for (const [options, argument] of cases) {
    assertCode(() => generate(SOURCE, options), 'invalid_argument', { argument });
  }
  assertCode(() => new World(-5), 'invalid_argument', { argument: 'seed' });
  assertCode(() => new World(0, { subnets: 251 }), 'invalid_argument', { argument: 'world.subnets' });
});

test('World without new has code', () => {
  const err = assertCode(() => World(1), 'invalid_constructor_call', { className: 'World' });
  assert.ok(err instanceof TypeError);
  assert.match(err.message, /new World\(seed, options\)/);
  assert.ok(err.stack.includes('errors.test.mjs'), 'the stack points at the caller');
});

test('classes without constructor have code', () => {
  const classes = [
    [Event, 'Event', /stream\(\)/],
    [EventStream, 'EventStream', /stream\(source, options\)/],
    [Scenario, 'Scenario', /Scenario\.builtin/],
    [ScenarioEventStream, 'ScenarioEventStream', /events\(\) method of a Scenario/],
  ];
  for (const [NativeClass, className, hint] of classes) {
    for (const call of [() => NativeClass(), () => new NativeClass()]) {
      const err = assertCode(call, 'invalid_constructor_call', { className });
      assert.ok(err instanceof TypeError, className);
      assert.match(err.message, new RegExp(`^${className} has no public constructor`));
      assert.match(err.message, hint);
    }
  }
  class Subclass extends Scenario {}
  assertCode(() => new Subclass(), 'invalid_constructor_call', { className: 'Scenario' });

  // The factories and static methods still reach the native class.
  assert.ok(Scenario.builtin('ssh-brute-force') instanceof Scenario);
  assert.ok(Scenario.builtinNames().length > 0);
  assert.ok(stream(SOURCE, { count: 1 }) instanceof EventStream);
});

test('parse errors carry line and offset', () => {
  const err = assertCode(() => parseLine(SOURCE, 'not a log line'), 'parse_error', { sourceId: SOURCE, line: 1 });
  assert.equal(typeof err.offset, 'number');
  assert.equal(typeof err.reason, 'string');

  const lines = generate(SOURCE, { count: 4 });
  lines.splice(2, 0, '<13>Jan  5 09:00:00 host kernel: not an auth event');
  assertCode(() => parse(SOURCE, lines.join('\n')), 'parse_error', { line: 3 });
  assertCode(() => parseLine(SOURCE, ''), 'parse_error', { line: null, offset: 0 });
});

test('async errors reject with the same fields', async () => {
  await assert.rejects(generateAsync('linux_auht', { count: 1 }), (err) => {
    assert.ok(err instanceof Error);
    assert.equal(err.code, 'unknown_source');
    assert.deepEqual(err.suggestions, ['linux_auth']);
    return true;
  });
  await assert.rejects(generateAsync(SOURCE, { seed: -1 }), { code: 'invalid_argument', argument: 'seed' });
  await assert.rejects(generateAsync(SOURCE, { variant: 'teleport' }), { code: 'unknown_variant' });
});

test('isSiemulatorError rejects other errors', () => {
  assert.equal(isSiemulatorError(new Error('x')), false);
  assert.equal(isSiemulatorError(Object.assign(new Error('x'), { code: 'ENOENT' })), false);
  assert.equal(isSiemulatorError({ code: 'unknown_source' }), false);
});

test('wrong argument types name the option', () => {
  const cases = [
    [() => generate(SOURCE, { count: '5' }), 'count', /count: must be a non-negative integer \(a number or a BigInt\), got string/],
    [() => generate(SOURCE, { seed: '7' }), 'seed', /got string/],
    [() => generate(SOURCE, { start: 0 }), 'start', /must be a Date or RFC 3339 text, got number/],
    [() => generate(SOURCE, { rate: '10' }), 'rate', /must be a number, got string/],
    [() => generate(SOURCE, { profile: 3 }), 'profile', /got number/],
    [() => generate(SOURCE, { profile: { multiplier: 3 } }), 'profile.type', /must be a string, got undefined/],
    [() => generate(SOURCE, { world: 'big' }), 'world', /must be a World or an object/],
    [() => generate(SOURCE, { world: { users: '5' } }), 'world.users', /must be a number, got string/],
    [() => generate(SOURCE, { overrides: 5 }), 'overrides', /got number/],
    [() => generate(SOURCE, 'ndjson'), 'options', /must be an object, got string/],
    [() => generate(42), 'source', /must be a string, got number/],
    [() => generate(), 'source', /got undefined/],
    [() => stream(SOURCE, { variant: 1 }), 'variant', /must be a string/],
    [() => write(1, SOURCE), 'path', /must be a string/],
    [() => parse(SOURCE, 'x', { year: '2020' }), 'year', /must be a whole number, got string/],
    [() => parse(SOURCE, 'x', { year: 2020.5 }), 'year', /must be a whole number, got number/],
    [() => parseLine(SOURCE, null), 'line', /got null/],
    [() => parse(SOURCE, 'x', { utcOffset: true }), 'utcOffset', /got boolean/],
    [() => source(7), 'id', /must be a string/],
    [() => sources({ ocsfClass: '3002' }), 'ocsfClass', /must be a whole number/],
    [() => sources({ category: 'nope' }), 'category', /'nope' is not a catalog category; use one of cloud/],
    [() => sources({ format: 'yaml' }), 'format', /'yaml' is not a wire format; use one of /],
    [() => new World('1'), 'seed', /got string/],
    [() => Scenario.builtin('ssh-brute-force').describe('1'), 'seed', /got string/],
    [() => Scenario.builtin('ssh-brute-force').events({ start: 1 }), 'start', /got number/],
    [() => Scenario.builtin(1), 'name', /must be a string, got number/],
    [() => Scenario.builtinText(), 'name', /got undefined/],
    [() => Scenario.fromFile(null), 'path', /got null/],
    [() => Scenario.fromText(1), 'text', /got number/],
    [() => Scenario.fromText('name: x', 2), 'format', /got number/],
    [() => Scenario.fromObject([]), 'document', /must be an object, got an array/],
  ];
  for (const [action, argument, message] of cases) {
    const err = assertCode(action, 'invalid_argument', { argument });
    assert.match(err.message, message);
    assert.doesNotMatch(err.message, /f64|u32|String|Options\b|Js\b/, 'the message names no Rust type');
  }
});

test('null options count as omitted', () => {
  assert.deepEqual(generate(SOURCE, { count: 2, seed: null, start: null, world: null, profile: null }), generate(SOURCE, { count: 2 }));
  assert.equal(parse(SOURCE, generate(SOURCE, { count: 1 })[0], { receivedTime: null, utcOffset: null }).length, 1);
});

test('unknown option keys are rejected', () => {
  const cases = [
    [() => generate(SOURCE, { cout: 5 }), 'cout', /count, offset, seed/],
    [() => generate(SOURCE, { world: { user: 5 } }), 'world.user', /users, servers/],
    [() => generate(SOURCE, { profile: { type: 'bursts', period_secs: 10 } }), 'profile.period_secs', /periodSecs/],
    [() => sources({ categry: 'network' }), 'categry', /category/],
    [() => parse(SOURCE, '', { utc_offset: 60 }), 'utc_offset', /utcOffset/],
    [() => new World(0, { user: 3 }), 'world.user', /users/],
    [() => Scenario.builtin('ssh-brute-force').events({ sed: 1 }), 'sed', /seed/],
  ];
  for (const [action, argument, accepted] of cases) {
    const err = assertCode(action, 'invalid_argument', { argument });
    assert.match(err.message, accepted);
  }
});

test('async functions reject wrong types', async () => {
  await assert.rejects(generateAsync(SOURCE, { count: '5' }), { code: 'invalid_argument', argument: 'count' });
  await assert.rejects(Scenario.builtin('ssh-brute-force').writeAsync(5), { code: 'invalid_argument', argument: 'path' });
});
