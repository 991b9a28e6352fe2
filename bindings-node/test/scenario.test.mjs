// Scenario: built-in and custom documents, descriptions, labelled event streams and export.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';

import { Event, Scenario, ScenarioEventStream } from '../index.mjs';

const BUILTIN = 'ssh-brute-force';
const directory = mkdtempSync(join(tmpdir(), 'siemulator-scenario-'));
after(() => rmSync(directory, { recursive: true, force: true }));

const SMALL_YAML = `name: small
seed: 5
start: 2026-02-01T10:00:00Z
duration: 10m
actors:
  attacker:
    type: external_ip
background:
  - source: linux_auth
    rate: 0.1
phases:
  - name: guessing
    tactic: credential-access
    technique: T1110.001
    offset: 2m
    steps:
      - source: linux_auth
        variant: ssh_failed_password
        count: 12
        spread: 1m
        set:
          src_ip: \${attacker.ip}
`;

const SMALL_TOML = `name = "small"
seed = 5
start = "2026-02-01T10:00:00Z"
duration = "10m"

[actors.attacker]
type = "external_ip"

[[background]]
source = "linux_auth"
rate = 0.1

[[phases]]
name = "guessing"
tactic = "credential-access"
technique = "T1110.001"
offset = "2m"

[[phases.steps]]
source = "linux_auth"
variant = "ssh_failed_password"
count = 12
spread = "1m"
set = { src_ip = "\${attacker.ip}" }
`;

function raws(stream) {
  return [...stream].map((event) => event.raw);
}

test('builtin scenarios are listed and loaded', () => {
  assert.ok(Scenario.builtinNames().includes(BUILTIN));
  const scenario = Scenario.builtin(BUILTIN);
  assert.equal(scenario.name, BUILTIN);
  assert.match(Scenario.builtinText(BUILTIN), /^name: ssh-brute-force$/m);
  assert.throws(() => Scenario.builtin('no-such-scenario'), (err) => {
    assert.equal(err.code, 'invalid_argument');
    assert.equal(err.argument, 'scenario');
    assert.ok(err.message.includes(BUILTIN));
    return true;
  });
});

test('describe counts match the events', () => {
  const scenario = Scenario.builtin(BUILTIN);
  const description = scenario.describe(7);
  assert.equal(description.name, BUILTIN);
  assert.equal(description.seed, '7');
  assert.equal(description.totalEvents, description.attackEvents + description.backgroundEvents);
  assert.ok(description.phases.length > 0);
  assert.ok(description.actors.some((actor) => actor.name === 'attacker' && actor.type === 'external_ip'));
  assert.deepEqual(description.background[0].profile, { type: 'jittered' });
  assert.match(description.start, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{9}Z$/);

  const events = scenario.events({ seed: 7 });
  assert.ok(events instanceof ScenarioEventStream);
  assert.equal(events.total, description.totalEvents);
  let malicious = 0;
  let count = 0;
  let previous = '';
  for (const event of events) {
    assert.ok(event instanceof Event);
    assert.ok(event.timeText >= previous, 'events come in time order');
    previous = event.timeText;
    count += 1;
    if (event.labels.malicious) {
      malicious += 1;
      assert.equal(event.labels.scenario, BUILTIN);
      assert.ok(description.phases.some((phase) => phase.name === event.labels.phase));
      assert.match(event.labels.technique, /^T\d{4}/);
    } else {
      assert.deepEqual(event.labels, { scenario: BUILTIN, malicious: false });
    }
  }
  assert.equal(count, description.totalEvents);
  assert.equal(events.emitted, count);
  assert.equal(malicious, description.attackEvents);
});

test('scenario runs are deterministic per seed', () => {
  const scenario = Scenario.builtin(BUILTIN);
  const first = raws(scenario.events({ seed: 3 }));
  assert.deepEqual(raws(scenario.events({ seed: 3n })), first);
  assert.notDeepEqual(raws(scenario.events({ seed: 4 })), first);
  assert.deepEqual(raws(scenario.events()), raws(scenario.events({ seed: 0 })), 'the document seed is 0');
});

test('start moves the whole run', () => {
  const scenario = Scenario.builtin(BUILTIN);
  const [event] = scenario.events({ start: new Date('2027-06-01T00:00:00Z') });
  assert.ok(event.timeText.startsWith('2027-06-01T00:0'), event.timeText);
  assert.equal(scenario.describe().start, '2026-01-05T09:00:00.000000000Z');
});

test('documents read alike from YAML, JSON, TOML and objects', () => {
  const yaml = Scenario.fromText(SMALL_YAML, 'yaml');
  const expected = raws(yaml.events());
  assert.equal(yaml.describe().attackEvents, 12);

  const object = yaml.toJSON();
  assert.equal(object.name, 'small');
  assert.deepEqual(raws(Scenario.fromObject(object).events()), expected);
  assert.deepEqual(raws(Scenario.fromText(JSON.stringify(object)).events()), expected);
  assert.deepEqual(raws(Scenario.fromText(SMALL_TOML, 'toml').events()), expected);
  assert.deepEqual(raws(Scenario.fromText(SMALL_YAML).events()), expected);

  for (const [name, text] of [
    ['small.yaml', SMALL_YAML],
    ['small.toml', SMALL_TOML],
    ['small.json', JSON.stringify(object, null, 2)],
    ['small-without-extension', SMALL_YAML],
  ]) {
    const path = join(directory, name);
    writeFileSync(path, text);
    assert.deepEqual(raws(Scenario.fromFile(path).events()), expected, name);
  }
});

test('scenario events are async iterable', async () => {
  const scenario = Scenario.fromText(SMALL_YAML);
  const collected = [];
  for await (const event of scenario.events()) {
    collected.push(event.raw);
  }
  assert.deepEqual(collected, raws(scenario.events()));
});

test('scenario write streams the run to a file', async () => {
  const scenario = Scenario.builtin(BUILTIN);
  const rawPath = join(directory, 'run.log');
  const count = scenario.write(rawPath, { seed: 2 });
  assert.equal(count, scenario.describe(2).totalEvents);
  assert.equal(readFileSync(rawPath, 'utf8'), raws(scenario.events({ seed: 2 })).map((r) => `${r}\n`).join(''));

  const ndjsonPath = join(directory, 'run.ndjson');
  assert.equal(await scenario.writeAsync(ndjsonPath, { seed: 2, format: 'ndjson' }), count);
  const objects = readFileSync(ndjsonPath, 'utf8').trimEnd().split('\n').map((line) => JSON.parse(line));
  assert.equal(objects.length, count);
  assert.equal(objects.filter((o) => o.labels.malicious).length, scenario.describe(2).attackEvents);
  assert.ok(objects.every((o) => o.labels.scenario === BUILTIN), 'every event names the scenario');
});

test('scenario errors carry the document path and line', async () => {
  const badSource = SMALL_YAML.replace('variant: ssh_failed_password', 'variant: teleport');
  assert.throws(() => Scenario.fromText(badSource), (err) => {
    assert.equal(err.code, 'scenario_error');
    assert.equal(err.path, 'phases[0].steps[0].variant');
    assert.equal(typeof err.reason, 'string');
    return true;
  });
  assert.throws(() => Scenario.fromText('name: x\nduration: [\n'), (err) => {
    assert.equal(err.code, 'scenario_error');
    assert.equal(err.line, 2);
    assert.equal(typeof err.path, 'string');
    return true;
  });
  assert.throws(() => Scenario.fromObject({ name: 'x', duration: '5m', phases: [{ name: 'p', steps: [{ source: 'nope' }] }] }), {
    code: 'scenario_error',
    path: 'phases[0].steps[0].source',
  });
  assert.throws(() => Scenario.fromText(SMALL_YAML, 'ini'), { code: 'invalid_argument', argument: 'format' });

  const missing = join(directory, 'missing.yaml');
  assert.throws(() => Scenario.fromFile(missing), { code: 'io_error', path: missing, ioKind: 'NotFound' });
  const unwritable = join(directory, 'missing-folder', 'run.log');
  assert.throws(() => Scenario.builtin(BUILTIN).write(unwritable), { code: 'io_error', path: unwritable });
  await assert.rejects(Scenario.builtin(BUILTIN).writeAsync(unwritable), { code: 'io_error', path: unwritable });
  await assert.rejects(Scenario.builtin(BUILTIN).writeAsync(unwritable, { seed: -1 }), { code: 'invalid_argument', argument: 'seed' });
});

test('toJSON keeps a large seed exact as text', () => {
  const large = Scenario.fromText(SMALL_YAML.replace('seed: 5', 'seed: 18446744073709551615'));
  const document = large.toJSON();
  assert.equal(document.seed, '18446744073709551615');
  assert.doesNotThrow(() => JSON.stringify(document));
  const copy = Scenario.fromObject(document);
  assert.deepEqual(raws(copy.events()), raws(large.events()));

  assert.equal(Scenario.fromText(SMALL_YAML).toJSON().seed, 5);
  const safe = Scenario.fromText(SMALL_YAML.replace('seed: 5', `seed: ${Number.MAX_SAFE_INTEGER}`));
  assert.equal(safe.toJSON().seed, Number.MAX_SAFE_INTEGER);
});

test('fromFile rejects files over 16 MiB', () => {
  const limit = 16 * 1024 * 1024;
  const path = join(directory, 'large.yaml');
  writeFileSync(path, SMALL_YAML + '#'.repeat(limit - SMALL_YAML.length + 1));
  assert.throws(() => Scenario.fromFile(path), { code: 'input_too_large', size: limit + 1, limit });

  const atLimit = join(directory, 'at-limit.yaml');
  writeFileSync(atLimit, SMALL_YAML + '#'.repeat(limit - SMALL_YAML.length));
  assert.equal(Scenario.fromFile(atLimit).name, 'small');
});
