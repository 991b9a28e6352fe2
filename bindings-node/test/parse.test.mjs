// parse() and parseLine(): vendor text to vendor fields and OCSF records.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { generate, parse, parseLine, stream } from '../index.mjs';

const SOURCE = 'linux_auth';

test('parse reads back what generate wrote', () => {
  const events = [...stream(SOURCE, { count: 200, seed: 12 })];
  const records = parse(SOURCE, events.map((e) => e.raw).join('\n'));
  assert.equal(records.length, events.length);
  records.forEach((record, i) => {
    assert.equal(record.line, i + 1);
    assert.equal(record.variant, events[i].variant);
    assert.deepEqual(record.ocsf, events[i].ocsf());
    assert.equal(typeof record.fields, 'object');
  });
});

test('parseLine returns one record', () => {
  const [line] = generate(SOURCE, { count: 1, variant: 'ssh_failed_password', overrides: { hostname: 'gw01' } });
  const record = parseLine(SOURCE, line);
  assert.equal(record.line, 1);
  assert.equal(record.variant, 'ssh_failed_password');
  assert.equal(record.fields.hostname, 'gw01');
  assert.equal(record.ocsf.class_uid, 3002);
  assert.equal(record.ocsf.raw_data, line);
});

test('parse options set the year and raw data', () => {
  const [line] = generate(SOURCE, { count: 1 });
  assert.equal(parseLine(SOURCE, line, { year: 2020 }).ocsf.time, Date.parse('2020-01-05T09:00:00Z'));
  assert.equal('raw_data' in parseLine(SOURCE, line, { includeRaw: false }).ocsf, false);
});

test('parse skips invalid events on request', () => {
  const lines = generate(SOURCE, { count: 3 });
  const text = [lines[0], 'garbage', lines[1], '', lines[2]].join('\n');
  const records = parse(SOURCE, text, { skipInvalid: true });
  assert.deepEqual(
    records.map((r) => r.line),
    [1, 3, 5],
  );
});

test('parse reads JSON envelopes', () => {
  const lines = generate(SOURCE, { count: 2 });
  const records = parse(SOURCE, JSON.stringify({ Records: lines.map((message) => ({ message })) }));
  assert.equal(records.length, 2);
  assert.deepEqual(
    records.map((r) => r.fields),
    lines.map((line) => parseLine(SOURCE, line).fields),
  );
});

test('bare message takes the received time', () => {
  const line = ' Accepted publickey for ubuntu from 192.0.2.4 port 51826 ssh2: RSA SHA256:abc';
  assert.throws(() => parseLine(SOURCE, line), (err) => err.code === 'parse_error');
  const fromText = parseLine(SOURCE, line, { receivedTime: '2026-03-01T00:00:00Z' });
  assert.equal(fromText.ocsf.time, 1772323200000);
  const fromDate = parseLine(SOURCE, line, { receivedTime: new Date(1772323200000) });
  assert.equal(fromDate.ocsf.time, 1772323200000);
});

const ZONELESS = '<38>Jan  5 09:00:00 web01 sshd[411]: Failed password for root from 198.51.100.7 port 52144 ssh2';
const ZONED = '<38>2026-01-05T09:00:00Z web01 sshd[411]: Failed password for root from 198.51.100.7 port 52144 ssh2';
const WALL_CLOCK = Date.parse('2026-01-05T09:00:00Z');
const TWO_HOURS = 2 * 3600 * 1000;

test('utcOffset shifts a zoneless time', () => {
  for (const utcOffset of [120, '+02:00', '+0200']) {
    assert.equal(parseLine(SOURCE, ZONELESS, { year: 2026, utcOffset }).ocsf.time, WALL_CLOCK - TWO_HOURS, `utcOffset ${utcOffset}`);
    assert.equal(parse(SOURCE, ZONELESS, { year: 2026, utcOffset })[0].ocsf.time, WALL_CLOCK - TWO_HOURS, `utcOffset ${utcOffset}`);
  }
  assert.equal(parseLine(SOURCE, ZONELESS, { year: 2026, utcOffset: '-05:00' }).ocsf.time, WALL_CLOCK + 5 * 3600 * 1000);
  assert.equal(parseLine(SOURCE, ZONELESS, { year: 2026, utcOffset: 'Z' }).ocsf.time, WALL_CLOCK);
  assert.equal(parseLine(SOURCE, ZONELESS, { year: 2026 }).ocsf.time, WALL_CLOCK);
});

test('utcOffset leaves a zoned time alone', () => {
  assert.equal(parseLine(SOURCE, ZONED, { utcOffset: '+02:00' }).ocsf.time, WALL_CLOCK);
});

test('a year a timestamp cannot hold is rejected', () => {
  for (const year of [0, 1677, 2262, 9999]) {
    assert.throws(
      () => parseLine(SOURCE, ZONELESS, { year }),
      (err) => err.code === 'invalid_argument' && err.message.includes('year'),
      `year ${year}`,
    );
  }
  assert.throws(
    () => parseLine(SOURCE, ZONELESS, { receivedTime: new Date(Date.UTC(2300, 0, 1)) }),
    (err) => err.code === 'invalid_argument' && err.message.includes('receivedTime'),
  );
});

test('utcOffset rejects invalid values', () => {
  for (const utcOffset of ['+2', 'UTC', '+24:00', 1440, -1440, 1.5, Number.NaN]) {
    assert.throws(
      () => parseLine(SOURCE, ZONELESS, { utcOffset }),
      (err) => err.code === 'invalid_argument' && err.message.includes('utcOffset'),
      `utcOffset ${utcOffset}`,
    );
  }
});

/** Returns the paths of every BigInt under `value`. */
function bigintPaths(value, path = '') {
  if (typeof value === 'bigint') return [path];
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, item]) => bigintPaths(item, `${path}.${key}`));
}

test('large integers arrive as numbers', () => {
  for (const source of ['paloalto_firewall', 'fortinet_fortigate']) {
    const lines = generate(source, { count: 50, seed: 5 });
    const records = parse(source, lines.join('\n'));
    assert.deepEqual(bigintPaths(records), [], source);
    assert.doesNotThrow(() => JSON.stringify(records), source);
    assert.deepEqual(bigintPaths(parseLine(source, lines[19])), [], source);
    assert.deepEqual(bigintPaths([...stream(source, { count: 50, seed: 5 })].map((e) => e.ocsf())), [], source);
  }
  const [fortigate] = parse('fortinet_fortigate', generate('fortinet_fortigate', { count: 1, seed: 5 })[0]);
  assert.equal(typeof fortigate.fields.eventtime, 'number');
  assert.ok(fortigate.fields.eventtime > Number.MAX_SAFE_INTEGER);
  const paloalto = parse('paloalto_firewall', generate('paloalto_firewall', { count: 50, seed: 5 }).join('\n'));
  assert.equal(typeof paloalto[19].fields.seqno, 'number');
  assert.equal(typeof paloalto[19].ocsf.unmapped.seqno, 'number');
});

test('missing time error names receivedTime', () => {
  let caught;
  try {
    parseLine(SOURCE, 'sshd[1]: Accepted password for x');
  } catch (err) {
    caught = err;
  }
  assert.equal(caught?.code, 'parse_error');
  assert.match(caught.message, /receivedTime/);
  assert.match(caught.reason, /receivedTime/);
  assert.doesNotMatch(caught.message, /CLI|--received-time/);
});
