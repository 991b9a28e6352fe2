// Output formats: generate() with `format`, and write()/writeAsync() streaming to files.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';

import { OUTPUT_FORMATS, generate, stream, write, writeAsync } from '../index.mjs';

const SOURCE = 'linux_auth';
const directory = mkdtempSync(join(tmpdir(), 'siemulator-export-'));
after(() => rmSync(directory, { recursive: true, force: true }));

test('OUTPUT_FORMATS lists the core names', () => {
  assert.deepEqual([...OUTPUT_FORMATS], ['raw', 'ndjson', 'json', 'csv', 'hec', 'hec-raw']);
});

test('generate renders one string per event', () => {
  const options = { count: 5, seed: 4 };
  const events = [...stream(SOURCE, options)];
  const raw = generate(SOURCE, options);
  assert.deepEqual(generate(SOURCE, { ...options, format: 'raw' }), raw);
  assert.deepEqual(generate(SOURCE, { ...options, format: 'hec-raw' }), raw);

  const objects = generate(SOURCE, { ...options, format: 'ndjson' }).map((line) => JSON.parse(line));
  objects.forEach((object, i) => {
    assert.equal(object.raw, raw[i]);
    assert.equal(object.source, SOURCE);
    assert.equal(object.variant, events[i].variant);
    assert.equal(object.time, events[i].time.toISOString());
    assert.deepEqual(object.labels, { malicious: false });
  });
  assert.deepEqual(generate(SOURCE, { ...options, format: 'json' }), generate(SOURCE, { ...options, format: 'ndjson' }));

  const envelopes = generate(SOURCE, { ...options, format: 'hec' }).map((line) => JSON.parse(line));
  envelopes.forEach((envelope, i) => {
    assert.equal(envelope.event, raw[i]);
    assert.equal(envelope.sourcetype, 'linux_secure');
    assert.equal(envelope.time, events[i].time.getTime() / 1000);
  });

  const rows = generate(SOURCE, { ...options, format: 'csv' });
  rows.forEach((row, i) => {
    assert.ok(row.startsWith(`${events[i].time.toISOString()},linux_auth,linux_secure,`), row);
    assert.ok(!row.endsWith('\r\n'));
  });
});

test('write frames each format', () => {
  const options = { count: 7, seed: 8 };
  const expected = {
    raw: (lines) => lines.map((l) => `${l}\n`).join(''),
    ndjson: (lines) => lines.map((l) => `${l}\n`).join(''),
    json: (lines) => `[\n${lines.join(',\n')}\n]\n`,
    csv: (lines) => `time,source,sourcetype,variant,host,scenario,phase,tactic,technique,malicious,raw\r\n${lines.map((l) => `${l}\r\n`).join('')}`,
    hec: (lines) => lines.map((l) => `${l}\n`).join(''),
    'hec-raw': (lines) => lines.map((l, i) => `${i > 0 && i % 3 === 0 ? '\n' : ''}${l}\n`).join(''),
  };
  for (const format of OUTPUT_FORMATS) {
    const path = join(directory, `events.${format}`);
    const count = write(path, SOURCE, { ...options, format, batchSize: 3 });
    assert.equal(count, 7, format);
    const lines = generate(SOURCE, { ...options, format });
    assert.equal(readFileSync(path, 'utf8'), expected[format](lines), format);
  }
});

test('write replaces the file and handles empty runs', () => {
  const path = join(directory, 'replaced.json');
  writeFileSync(path, 'old content that is longer than the new one '.repeat(10));
  assert.equal(write(path, SOURCE, { count: 0, format: 'json' }), 0);
  assert.equal(readFileSync(path, 'utf8'), '[]\n');
  assert.equal(write(path, SOURCE, { count: 0, format: 'csv' }), 0);
  assert.equal(readFileSync(path, 'utf8').split('\r\n')[0].startsWith('time,source'), true);
});

test('write defaults to 10 raw events', () => {
  const path = join(directory, 'default.log');
  assert.equal(write(path, SOURCE), 10);
  assert.equal(readFileSync(path, 'utf8'), `${generate(SOURCE).join('\n')}\n`);
});

test('writeAsync equals write', async () => {
  const options = { count: 5000, seed: 5n, format: 'ndjson' };
  const syncPath = join(directory, 'sync.ndjson');
  const asyncPath = join(directory, 'async.ndjson');
  assert.equal(write(syncPath, SOURCE, options), 5000);
  assert.equal(await writeAsync(asyncPath, SOURCE, options), 5000);
  assert.equal(readFileSync(asyncPath, 'utf8'), readFileSync(syncPath, 'utf8'));
});

test('write errors name the file', async () => {
  const path = join(directory, 'missing-folder', 'events.log');
  assert.throws(() => write(path, SOURCE), (err) => {
    assert.equal(err.code, 'io_error');
    assert.equal(err.path, path);
    assert.equal(err.ioKind, 'NotFound');
    assert.ok(err.message.includes(path), err.message);
    return true;
  });
  await assert.rejects(writeAsync(path, SOURCE), { code: 'io_error', path, ioKind: 'NotFound' });
  await assert.rejects(writeAsync(join(directory, 'x.log'), SOURCE, { format: 'yaml' }), { code: 'invalid_argument', argument: 'format' });
  assert.throws(() => write(join(directory, 'x.log'), SOURCE, { format: 'hec-raw', batchSize: 0 }), {
    code: 'invalid_argument',
    argument: 'batchSize',
  });
  assert.throws(() => write(join(directory, 'x.log'), 'linux_auht'), { code: 'unknown_source' });
});
