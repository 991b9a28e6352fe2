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
  parse,
  parseLine,
  World,
  Event,
  EventStream,
  ERROR_CODES,
  isSiemulatorError,
} = siemulator;

export default siemulator;
