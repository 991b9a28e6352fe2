// Shared helpers of the test files: repository paths, golden request conversion, hashing and
// the native CLI.
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const packageRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const repoRoot = resolve(packageRoot, '..');
export const goldenDir = process.env.SIEMULATOR_GOLDEN_DIR ?? join(repoRoot, 'tests', 'golden');

/** SHA-256 hex of the events, each followed by "\n", as the golden files store it. */
export function sha256Lines(events) {
  const hash = createHash('sha256');
  for (const event of events) {
    hash.update(event);
    hash.update('\n');
  }
  return hash.digest('hex');
}

function camelCase(key) {
  return key.replace(/_([a-z])/g, (_, letter) => letter.toUpperCase());
}

function camelKeys(object) {
  return Object.fromEntries(Object.entries(object).map(([key, value]) => [camelCase(key), value]));
}

/**
 * Converts a serialized core GenerateRequest (snake_case keys, as the golden files and the
 * CLI use them) into the options object of generate().
 */
export function optionsFromRequest(request) {
  const options = {};
  for (const [key, value] of Object.entries(request)) {
    if (key === 'source' || value === null) continue;
    switch (key) {
      case 'seed':
        if (!Number.isSafeInteger(value)) {
          throw new Error(`seed ${value} lost precision in JSON.parse; store seeds below 2^53 in golden files`);
        }
        options.seed = value;
        break;
      case 'profile':
        options.profile = typeof value === 'string' ? value : camelKeys(value);
        break;
      case 'world':
        options.world = camelKeys(value);
        break;
      case 'count':
      case 'offset':
      case 'start':
      case 'end':
      case 'rate':
      case 'variant':
      case 'overrides':
        options[key] = value;
        break;
      default:
        throw new Error(`golden request key '${key}' has no generate() option; extend optionsFromRequest`);
    }
  }
  return options;
}

/**
 * Returns the path of the CLI to compare with, which is the SIEMULATOR_CLI environment
 * variable when set. Otherwise it is the release CLI at the repository root, after a
 * `cargo build` that rebuilds it only when its sources changed.
 */
export function cliPath() {
  if (process.env.SIEMULATOR_CLI) {
    return process.env.SIEMULATOR_CLI;
  }
  execFileSync('cargo', ['build', '--release', '--locked', '--bin', 'siemulator'], {
    cwd: repoRoot,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  return join(repoRoot, 'target', 'release', process.platform === 'win32' ? 'siemulator.exe' : 'siemulator');
}
