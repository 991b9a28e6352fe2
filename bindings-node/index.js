'use strict';

// CommonJS entry point. It loads the native addon that `npm run build` compiles from the
// Rust crate in this folder. It also adds two things napi-rs does not declare natively: async
// iteration over the lazy event iterators, and promise rejection for argument errors of async
// functions.

let native;
try {
  native = require('./siemulator.node');
} catch (err) {
  if (err && err.code === 'MODULE_NOT_FOUND') {
    throw new Error(
      'siemulator: the native addon siemulator.node is missing; run `npm run build` in the package folder (it needs Rust and cargo)',
      { cause: err },
    );
  }
  throw err;
}

// Async iteration walks the same native iterator, so `for await` over a stream yields the
// same events as `for ... of` and stops the stream early on `break`.
function addAsyncIterator(NativeClass) {
  Object.defineProperty(NativeClass.prototype, Symbol.asyncIterator, {
    configurable: true,
    writable: true,
    value: async function* eventsAsync() {
      for (const event of this) {
        yield event;
      }
    },
  });
}

addAsyncIterator(native.EventStream);
addAsyncIterator(native.ScenarioEventStream);

// Promise-returning functions report every error through the promise, including errors in the
// arguments that the native side detects before it starts the work.
function rejectingErrors(nativeFunction) {
  return {
    [nativeFunction.name](...args) {
      try {
        return nativeFunction.apply(this, args);
      } catch (err) {
        return Promise.reject(err);
      }
    },
  }[nativeFunction.name];
}

Object.defineProperty(native.Scenario.prototype, 'writeAsync', {
  configurable: true,
  writable: true,
  value: rejectingErrors(native.Scenario.prototype.writeAsync),
});

const ERROR_CODES = Object.freeze(native.errorCodes());
const OUTPUT_FORMATS = Object.freeze(native.outputFormats());

function isSiemulatorError(value) {
  return value instanceof Error && typeof value.code === 'string' && ERROR_CODES.includes(value.code);
}

module.exports = {
  sources: native.sources,
  source: native.source,
  generate: native.generate,
  generateAsync: rejectingErrors(native.generateAsync),
  stream: native.stream,
  write: native.write,
  writeAsync: rejectingErrors(native.writeAsync),
  parse: native.parse,
  parseLine: native.parseLine,
  World: native.World,
  Event: native.Event,
  EventStream: native.EventStream,
  Scenario: native.Scenario,
  ScenarioEventStream: native.ScenarioEventStream,
  ERROR_CODES,
  OUTPUT_FORMATS,
  isSiemulatorError,
};
