// The binding against the native CLI: the same request gives the same bytes, for every
// output format and for scenario runs.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import { OUTPUT_FORMATS, Scenario, generate, parse, write } from '../index.mjs';
import { cliPath } from './helpers.mjs';

const SOURCE = 'linux_auth';
const directory = mkdtempSync(join(tmpdir(), 'siemulator-cli-'));
let cli;

before(() => {
  cli = cliPath();
});
after(() => rmSync(directory, { recursive: true, force: true }));

function run(args) {
  return execFileSync(cli, args, { encoding: 'utf8', maxBuffer: 1 << 28, stdio: ['ignore', 'pipe', 'inherit'] });
}

/** The `siemulator generate` arguments of a generate() call. */
function cliArguments(source, options) {
  const args = ['generate', source];
  for (const key of ['count', 'seed', 'start', 'end', 'rate', 'profile', 'variant', 'offset']) {
    if (options[key] !== undefined) args.push(`--${key}`, String(options[key]));
  }
  for (const [field, value] of Object.entries(options.overrides ?? {})) {
    args.push('--set', `${field}=${value}`);
  }
  return args;
}

const REQUESTS = [
  ['defaults', {}],
  ['seed and count', { count: 500, seed: 42 }],
  ['largest seed', { count: 50, seed: 2n ** 64n - 1n }],
  ['variant and overrides', { count: 40, seed: 3, variant: 'ssh_failed_password', overrides: { hostname: 'bastion01', src_ip: '203.0.113.9' } }],
  ['time window', { seed: 9, start: '2025-12-31T23:59:00Z', end: '2026-01-01T00:01:00Z', rate: 0.5 }],
  ['profile and offset', { count: 300, seed: 5, profile: 'diurnal', rate: 0.01, offset: 1000 }],
  ['jittered', { count: 100, seed: 6, profile: 'jittered', rate: 3 }],
];

for (const [name, options] of REQUESTS) {
  test(`cli generate matches: ${name}`, () => {
    const expected = run(cliArguments(SOURCE, options));
    assert.equal(`${generate(SOURCE, options).join('\n')}\n`, expected);
  });
}

test('cli output formats match write', () => {
  const options = { count: 250, seed: 11 };
  for (const format of OUTPUT_FORMATS) {
    const cliFile = join(directory, `cli.${format}`);
    const nodeFile = join(directory, `node.${format}`);
    // The CLI takes a batch size only for the format that has batches.
    const batch = format === 'hec-raw' ? ['--hec-batch', '40'] : [];
    run([...cliArguments(SOURCE, options), '--format', format, '--output', cliFile, ...batch, '--no-progress']);
    assert.equal(write(nodeFile, SOURCE, { ...options, format, batchSize: 40 }), 250);
    assert.equal(readFileSync(nodeFile, 'utf8'), readFileSync(cliFile, 'utf8'), format);
  }
});

test('cli scenario run matches Scenario', () => {
  const scenario = Scenario.builtin('ssh-brute-force');
  for (const format of ['raw', 'ndjson']) {
    const expected = run(['scenario', 'run', 'ssh-brute-force', '--seed', '4', '--format', format]);
    const nodeFile = join(directory, `scenario.${format}`);
    scenario.write(nodeFile, { seed: 4, format });
    assert.equal(readFileSync(nodeFile, 'utf8'), expected, format);
  }
  const expected = run(['scenario', 'run', 'ssh-brute-force', '--seed', '4', '--start', '2026-07-01T00:00:00Z']);
  const raws = [...scenario.events({ seed: 4, start: '2026-07-01T00:00:00Z' })].map((event) => `${event.raw}\n`);
  assert.equal(raws.join(''), expected);
});

test('cli parse records equal parse records', () => {
  for (const source of ['paloalto_firewall', 'fortinet_fortigate']) {
    const text = generate(source, { count: 50, seed: 5 }).join('\n');
    const output = execFileSync(cli, ['parse', source, '--year', '2026'], {
      input: text,
      encoding: 'utf8',
      maxBuffer: 1 << 28,
      stdio: ['pipe', 'pipe', 'ignore'],
    });
    const expected = output.trimEnd().split('\n').map((line) => JSON.parse(line));
    assert.deepEqual(parse(source, text).map((record) => record.ocsf), expected, source);
  }
});
