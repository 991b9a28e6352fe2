// generate() and generateAsync(): determinism, every option, and off-thread computation.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { generate, generateAsync, source, stream, World } from '../index.mjs';

const SOURCE = 'linux_auth';

test('generate is deterministic per seed', () => {
  const first = generate(SOURCE, { count: 50, seed: 7 });
  assert.equal(first.length, 50);
  assert.deepEqual(generate(SOURCE, { count: 50, seed: 7 }), first);
  assert.notDeepEqual(generate(SOURCE, { count: 50, seed: 8 }), first);
});

test('generate defaults to 10 events of seed 0', () => {
  assert.deepEqual(generate(SOURCE), generate(SOURCE, { count: 10, seed: 0 }));
});

test('number and BigInt seeds agree', () => {
  assert.deepEqual(generate(SOURCE, { count: 5, seed: 42 }), generate(SOURCE, { count: 5, seed: 42n }));
  const largest = generate(SOURCE, { count: 5, seed: 2n ** 64n - 1n });
  assert.deepEqual(generate(SOURCE, { count: 5, seed: 18446744073709551615n }), largest);
  assert.notDeepEqual(largest, generate(SOURCE, { count: 5, seed: 2n ** 63n }));
});

test('offset produces a slice of the longer run', () => {
  const full = generate(SOURCE, { count: 30, seed: 3 });
  assert.deepEqual(generate(SOURCE, { count: 10, seed: 3, offset: 20 }), full.slice(20));
});

test('start accepts a Date or RFC 3339 text', () => {
  const fromDate = generate(SOURCE, { count: 3, start: new Date('2025-03-01T12:00:00Z') });
  const fromText = generate(SOURCE, { count: 3, start: '2025-03-01T12:00:00Z' });
  assert.deepEqual(fromDate, fromText);
  assert.match(fromDate[0], /Mar {2}1 12:00:00/);
});

test('rate and end bound the run', () => {
  const events = generate(SOURCE, { count: 100, rate: 1, end: '2026-01-05T09:00:05Z' });
  assert.equal(events.length, 5);
  assert.equal(generate(SOURCE, { count: 3, rate: 1, end: '2026-01-05T09:00:05Z' }).length, 3);
});

test('end without count takes every event before it', () => {
  assert.equal(generate(SOURCE, { rate: 2, end: '2026-01-05T09:01:00Z' }).length, 120);
  assert.equal([...stream(SOURCE, { rate: 2, end: '2026-01-05T09:01:00Z' })].length, 120);
});

test('profile accepts a name or an object', () => {
  const named = generate(SOURCE, { count: 20, profile: 'bursts', rate: 1 });
  const object = generate(SOURCE, { count: 20, profile: { type: 'bursts', periodSecs: 900, burstSecs: 60, multiplier: 10 }, rate: 1 });
  assert.deepEqual(object, named);
  assert.notDeepEqual(generate(SOURCE, { count: 20, profile: { type: 'bursts', multiplier: 2 }, rate: 1 }), named);
});

test('variant restricts the events', () => {
  for (const { name } of source(SOURCE).variants) {
    const events = generate(SOURCE, { count: 5, seed: 1, variant: name });
    assert.equal(events.length, 5, name);
  }
  const failed = generate(SOURCE, { count: 20, variant: 'ssh_failed_password' });
  assert.ok(failed.every((line) => line.includes('Failed password')));
});

test('overrides as object and as pairs agree', () => {
  const asObject = generate(SOURCE, { count: 5, variant: 'ssh_failed_password', overrides: { hostname: 'bastion01' } });
  const asPairs = generate(SOURCE, { count: 5, variant: 'ssh_failed_password', overrides: [['hostname', 'bastion01']] });
  assert.deepEqual(asObject, asPairs);
  assert.ok(asObject.every((line) => line.includes(' bastion01 ')), asObject.join('\n'));
});

test('world instance equals world options of the same seed', () => {
  const world = new World(11, { users: 20, organisation: 'Example Labs' });
  const shared = generate(SOURCE, { count: 20, seed: 11, world });
  const built = generate(SOURCE, { count: 20, seed: 11, world: { users: 20, organisation: 'Example Labs' } });
  assert.deepEqual(shared, built);
  assert.ok(shared.some((line) => /example-labs|srv-|WS-/.test(line)));
});

test('generateAsync equals generate', async () => {
  const options = { count: 2000, seed: 99n, variant: 'sudo_command', start: new Date(Date.UTC(2026, 5, 1)) };
  assert.deepEqual(await generateAsync(SOURCE, options), generate(SOURCE, options));
  assert.deepEqual(await generateAsync(SOURCE), generate(SOURCE));
});

test('generateAsync leaves the event loop running', async () => {
  // A synchronous implementation would finish before any setImmediate callback runs; the
  // worker-thread one lets the loop turn while it computes.
  let turns = 0;
  let done = false;
  const spin = () => {
    if (!done) {
      turns += 1;
      setImmediate(spin);
    }
  };
  setImmediate(spin);
  const pending = generateAsync(SOURCE, { count: 200_000 });
  const events = await pending;
  done = true;
  assert.equal(events.length, 200_000);
  assert.ok(turns > 0, 'the event loop never turned while generateAsync ran');
});

test('generateAsync runs requests concurrently', async () => {
  const seeds = [1, 2, 3, 4];
  const results = await Promise.all(seeds.map((seed) => generateAsync(SOURCE, { count: 500, seed })));
  seeds.forEach((seed, i) => assert.deepEqual(results[i], generate(SOURCE, { count: 500, seed })));
});

test('profile and world numbers are checked', () => {
  const cases = [
    [{ profile: { type: 'bursts', multiplier: -2 } }, 'profile.multiplier'],
    [{ profile: { type: 'bursts', multiplier: 0 } }, 'profile.multiplier'],
    [{ profile: { type: 'bursts', multiplier: Number.NaN } }, 'profile.multiplier'],
    [{ profile: { type: 'bursts', multiplier: 2 ** 32 + 2 } }, 'profile.multiplier'],
    [{ profile: { type: 'bursts', multiplier: 1.5 } }, 'profile.multiplier'],
    [{ profile: { type: 'bursts', periodSecs: -1 } }, 'profile.periodSecs'],
    [{ profile: { type: 'bursts', periodSecs: 0 } }, 'profile.periodSecs'],
    [{ profile: { type: 'bursts', periodSecs: Number.POSITIVE_INFINITY } }, 'profile.periodSecs'],
    [{ profile: { type: 'bursts', burstSecs: -30 } }, 'profile.burstSecs'],
    [{ profile: { type: 'bursts', burstSecs: 0 } }, 'profile.burstSecs'],
    [{ world: { users: 1.7 } }, 'world.users'],
    [{ world: { servers: -1 } }, 'world.servers'],
    [{ world: { externalAddresses: 2 ** 32 } }, 'world.externalAddresses'],
  ];
  for (const [options, argument] of cases) {
    assert.throws(() => generate(SOURCE, { count: 5, ...options }), { code: 'invalid_argument', argument }, argument);
  }
  assert.throws(() => new World(0, { users: 1.7 }), { code: 'invalid_argument', argument: 'world.users' });
  assert.throws(() => new World(0, { subnets: Number.NaN }), { code: 'invalid_argument', argument: 'world.subnets' });
  const bursts = generate(SOURCE, { count: 5, profile: { type: 'bursts', periodSecs: 60, burstSecs: 59, multiplier: 1 } });
  assert.equal(bursts.length, 5);
});

test('BigInt counts and offsets work', () => {
  assert.deepEqual(generate(SOURCE, { count: 2n, offset: 3n, seed: 1 }), generate(SOURCE, { count: 2, offset: 3, seed: 1 }));
  assert.equal(stream(SOURCE, { count: 4n }).remaining, 4);
  assert.throws(() => generate(SOURCE, { count: -1 }), { code: 'invalid_argument', argument: 'count' });
  assert.throws(() => generate(SOURCE, { count: -1n }), { code: 'invalid_argument', argument: 'count' });
  assert.throws(() => generate(SOURCE, { offset: 2n ** 64n }), { code: 'invalid_argument', argument: 'offset' });
});

test('requests the CLI rejects are rejected', () => {
  const window = { start: '2026-01-02T00:00:00Z', end: '2026-01-01T00:00:00Z' };
  assert.throws(() => generate(SOURCE, window), { code: 'invalid_argument', argument: 'end' });
  assert.throws(() => generate(SOURCE, { start: window.start, end: window.start }), { code: 'invalid_argument', argument: 'end' });
  assert.throws(() => stream(SOURCE, { end: '2026-01-05T09:00:00Z' }), /is not after the default start/);
  assert.throws(() => generate(SOURCE, window), /is not after start/);
  for (const format of ['NDJSON', 'jsonl', 'hec_raw', ' raw']) {
    assert.throws(() => generate(SOURCE, { count: 1, format }), { code: 'invalid_argument', argument: 'format' }, format);
  }
  for (const profile of ['poisson', 'burst', 'Constant']) {
    assert.throws(() => generate(SOURCE, { count: 1, profile }), { code: 'invalid_argument', argument: 'profile' }, profile);
    assert.throws(() => generate(SOURCE, { count: 1, profile: { type: profile } }), { code: 'invalid_argument', argument: 'profile' });
  }
});
