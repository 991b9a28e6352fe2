// stream(): a lazy native iterator of Event objects, sync and async, endless without count.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { Event, EventStream, generate, stream } from '../index.mjs';

const SOURCE = 'linux_auth';
const RFC3339_NANOS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{9}Z$/;

test('stream without count is endless and lazy', () => {
  const events = stream(SOURCE, { seed: 5 });
  assert.ok(events instanceof EventStream);
  assert.equal(events.remaining, null);

  let taken = 0;
  for (const event of events) {
    assert.equal(event.index, taken);
    taken += 1;
    if (taken === 20_000) break;
  }
  assert.equal(taken, 20_000);
  assert.equal(events.next().done, true, 'break closes the stream');
});

test('stream yields the events generate returns', () => {
  const raws = [];
  for (const event of stream(SOURCE, { seed: 5, count: 100 })) {
    raws.push(event.raw);
  }
  assert.deepEqual(raws, generate(SOURCE, { seed: 5, count: 100 }));
  const endless = stream(SOURCE, { seed: 5 });
  const prefix = Array.from({ length: 100 }, () => endless.next().value.raw);
  assert.deepEqual(prefix, raws);
});

test('stream with count ends', () => {
  const events = stream(SOURCE, { count: 3 });
  assert.equal(events.remaining, 3);
  assert.equal(events.next().done, false);
  assert.equal(events.remaining, 2);
  assert.equal([...events].length, 2);
  assert.deepEqual(events.next(), { done: true });
});

test('stream starts at any offset without producing earlier events', () => {
  const offset = 10_000_000_000;
  const first = stream(SOURCE, { seed: 5, offset, count: 1 }).next().value;
  assert.equal(first.index, offset);
  assert.deepEqual([first.raw], generate(SOURCE, { seed: 5, offset, count: 1 }));
});

test('stream is async iterable', async () => {
  const raws = [];
  for await (const event of stream(SOURCE, { seed: 9, count: 50 })) {
    raws.push(event.raw);
  }
  assert.deepEqual(raws, generate(SOURCE, { seed: 9, count: 50 }));

  let taken = 0;
  for await (const event of stream(SOURCE, { seed: 9 })) {
    assert.ok(event instanceof Event);
    taken += 1;
    if (taken === 1000) break;
  }
  assert.equal(taken, 1000);
});

test('event exposes time, text time and metadata', () => {
  const [first, second] = [...stream(SOURCE, { count: 2, rate: 4, start: '2026-02-03T04:05:06Z' })];
  assert.ok(first.time instanceof Date);
  assert.equal(first.time.toISOString(), '2026-02-03T04:05:06.000Z');
  assert.equal(first.timeText, '2026-02-03T04:05:06.000000000Z');
  assert.equal(second.timeText, '2026-02-03T04:05:06.250000000Z');
  assert.match(second.timeText, RFC3339_NANOS);
  assert.equal(first.source, 'linux_auth');
  assert.equal(first.sourcetype, 'linux_secure');
  assert.equal(typeof first.variant, 'string');
  assert.equal(typeof first.host, 'string');
  assert.equal(first.index, 0);
  assert.equal(second.index, 1);
  assert.deepEqual(first.labels, { malicious: false });
});

test('event keeps nanoseconds that Date drops', () => {
  const event = [...stream(SOURCE, { count: 3, rate: 3 })][1];
  assert.equal(event.timeText, '2026-01-05T09:00:00.333333333Z');
  assert.equal(event.time.getTime(), Date.parse('2026-01-05T09:00:00.333Z'));
});

test('event ocsf parses its own raw text', () => {
  for (const event of stream(SOURCE, { count: 20, seed: 2 })) {
    const record = event.ocsf();
    assert.equal(typeof record.class_uid, 'number');
    assert.equal(record.type_uid, record.class_uid * 100 + record.activity_id);
    assert.equal(record.raw_data, event.raw);
    // BSD syslog writes whole seconds.
    assert.equal(record.time, Math.floor(event.time.getTime() / 1000) * 1000);
  }
});

test('event ocsf reads the year of its own time', () => {
  const event = stream(SOURCE, { count: 1, start: '2019-07-01T00:00:00Z' }).next().value;
  assert.equal(event.ocsf().time, Date.parse('2019-07-01T00:00:00Z'));
});

test('event serializes to JSON', () => {
  const event = stream(SOURCE, { count: 1 }).next().value;
  const json = JSON.parse(JSON.stringify(event));
  assert.deepEqual(json, {
    time: event.timeText,
    index: 0,
    source: event.source,
    sourcetype: event.sourcetype,
    variant: event.variant,
    host: event.host,
    raw: event.raw,
    labels: { malicious: false },
  });
});

test('stream ends on return', () => {
  const events = stream(SOURCE, { count: 5 });
  events.next();
  assert.equal(events.remaining, 4);
  assert.equal(events.return().done, true);
  assert.equal(events.remaining, 0);
  assert.equal(events.next().done, true);

  const endless = stream(SOURCE);
  for (const event of endless) {
    assert.ok(event instanceof Event);
    break;
  }
  assert.equal(endless.remaining, 0);
});
