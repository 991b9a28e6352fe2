// Throughput of the Node binding against the native CLI on the same request.
//
//   node scripts/bench.mjs [--count N] [--source ID] [--format NAME] [--runs R]
//
// Prints events per second of generate, generateAsync, stream and write, and of
// `siemulator generate` writing the same events to a file, then each ratio to the CLI with
// the target where one is set (write >= 80 % of native, generate >= 30 %). Each figure is the
// best of R runs. Needs the release addon (`npm run build`). The CLI is the SIEMULATOR_CLI
// environment variable when set, else the release CLI at the repository root, which the
// script builds with cargo when it is missing or out of date.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

import { generate, generateAsync, stream, write } from '../index.mjs';

const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '1000000' },
    source: { type: 'string', default: 'linux_auth' },
    format: { type: 'string', default: 'raw' },
    runs: { type: 'string', default: '3' },
  },
});
const count = Number(values.count);
const runs = Number(values.runs);
const { source, format } = values;
const seed = 1;

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const directory = mkdtempSync(join(tmpdir(), 'siemulator-bench-'));

function cliPath() {
  if (process.env.SIEMULATOR_CLI) return process.env.SIEMULATOR_CLI;
  execFileSync('cargo', ['build', '--release', '--locked', '--bin', 'siemulator'], { cwd: repoRoot, stdio: 'inherit' });
  return join(repoRoot, 'target', 'release', 'siemulator');
}

/** Runs `body` `runs` times and returns the shortest wall time in seconds. */
async function best(body) {
  let fastest = Number.POSITIVE_INFINITY;
  for (let run = 0; run < runs; run += 1) {
    const started = process.hrtime.bigint();
    await body();
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    fastest = Math.min(fastest, seconds);
  }
  return fastest;
}

const options = { count, seed, format };
const cli = cliPath();
const cliOutput = join(directory, 'cli.out');
const nodeOutput = join(directory, 'node.out');

const results = new Map();

results.set(
  'native CLI',
  await best(() => {
    const args = ['generate', source, '--count', String(count), '--seed', String(seed), '--format', format, '--output', cliOutput, '--no-progress'];
    const child = spawnSync(cli, args, { stdio: ['ignore', 'ignore', 'inherit'] });
    if (child.status !== 0) throw new Error(`siemulator ${args.join(' ')} exited with ${child.status}`);
  }),
);
results.set(
  'generate',
  await best(() => {
    if (generate(source, options).length !== count) throw new Error('generate returned a short result');
  }),
);
results.set(
  'generateAsync',
  await best(async () => {
    if ((await generateAsync(source, options)).length !== count) throw new Error('generateAsync returned a short result');
  }),
);
results.set(
  'stream',
  await best(() => {
    let bytes = 0;
    for (const event of stream(source, { count, seed })) bytes += event.raw.length;
    if (bytes === 0) throw new Error('stream produced no text');
  }),
);
results.set(
  'write',
  await best(() => {
    if (write(nodeOutput, source, options) !== count) throw new Error('write returned a short count');
  }),
);

const sameSize = statSync(cliOutput).size === statSync(nodeOutput).size;
rmSync(directory, { recursive: true, force: true });

const targets = new Map([
  ['write', 0.8],
  ['generate', 0.3],
]);
const native = count / results.get('native CLI');

console.log(`${count} events of ${source}, seed ${seed}, format ${format}, best of ${runs} runs`);
console.log(`node ${process.version}, ${process.platform} ${process.arch}`);
console.log('');
console.log(`${'surface'.padEnd(14)} ${'events/s'.padStart(12)} ${'vs CLI'.padStart(8)}  target`);
let failed = false;
for (const [name, seconds] of results) {
  const rate = count / seconds;
  const ratio = rate / native;
  const target = targets.get(name);
  let verdict = '';
  if (target !== undefined) {
    const met = ratio >= target;
    failed ||= !met;
    verdict = `>= ${Math.round(target * 100)} % ${met ? 'met' : 'MISSED'}`;
  }
  console.log(`${name.padEnd(14)} ${Math.round(rate).toString().padStart(12)} ${`${(ratio * 100).toFixed(0)} %`.padStart(8)}  ${verdict}`);
}
console.log('');
console.log(`write and the CLI wrote files of the same size: ${sameSize ? 'yes' : 'NO'}`);
process.exitCode = failed || !sameSize ? 1 : 0;
