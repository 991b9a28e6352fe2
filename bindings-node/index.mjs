// ES module entry point: the same objects as the CommonJS entry, as named exports.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const siemulator = require('./index.js');

export const {
  sources,
  source,
  generate,
  generateAsync,
  stream,
  write,
  writeAsync,
  parse,
  parseLine,
  World,
  Event,
  EventStream,
  Scenario,
  ScenarioEventStream,
  ERROR_CODES,
  OUTPUT_FORMATS,
  isSiemulatorError,
} = siemulator;

export default siemulator;
