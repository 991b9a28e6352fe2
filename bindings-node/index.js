'use strict';

// CommonJS entry point. It loads the native addon that `npm run build` compiles from the
// Rust crate in this folder. It also adds what napi-rs does not provide natively:
// - async iteration over the lazy event iterators;
// - promise rejection for argument errors of async functions;
// - argument type checks that throw the package's own errors (options.js);
// - a `World` that throws a TypeError when called without `new`.

const { argumentChecks } = require('./options.js');

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

const checks = argumentChecks(native.World);

// Runs `check` on the arguments before the native function, which gets the arguments the
// check returns. The wrapper keeps the function's name.
function checked(nativeFunction, check) {
  return {
    [nativeFunction.name](...args) {
      return nativeFunction.apply(this, check(...args));
    },
  }[nativeFunction.name];
}

function replaceMethod(target, name, check, wrap = (f) => f) {
  Object.defineProperty(target, name, {
    configurable: true,
    writable: true,
    value: wrap(checked(target[name], check)),
  });
}

replaceMethod(native.Scenario.prototype, 'describe', checks.describe);
replaceMethod(native.Scenario.prototype, 'events', checks.events);
replaceMethod(native.Scenario.prototype, 'write', checks.scenarioWrite);
replaceMethod(native.Scenario.prototype, 'writeAsync', checks.scenarioWrite, rejectingErrors);

// A napi-rs class called without `new` runs its constructor on the module object. The proxy
// throws the TypeError of a JavaScript class instead, and checks the arguments of `new World`.
const World = new Proxy(native.World, {
  apply() {
    throw new TypeError("Class constructor World cannot be invoked without 'new'");
  },
  construct(target, args, newTarget) {
    return Reflect.construct(target, checks.World(...args), newTarget === World ? target : newTarget);
  },
});

const ERROR_CODES = Object.freeze(native.errorCodes());
const OUTPUT_FORMATS = Object.freeze(native.outputFormats());

function isSiemulatorError(value) {
  return value instanceof Error && typeof value.code === 'string' && ERROR_CODES.includes(value.code);
}

module.exports = {
  sources: checked(native.sources, checks.sources),
  source: checked(native.source, checks.source),
  generate: checked(native.generate, checks.generate),
  generateAsync: rejectingErrors(checked(native.generateAsync, checks.generate)),
  stream: checked(native.stream, checks.stream),
  write: checked(native.write, checks.write),
  writeAsync: rejectingErrors(checked(native.writeAsync, checks.write)),
  parse: checked(native.parse, checks.parse),
  parseLine: checked(native.parseLine, checks.parseLine),
  World,
  Event: native.Event,
  EventStream: native.EventStream,
  Scenario: native.Scenario,
  ScenarioEventStream: native.ScenarioEventStream,
  ERROR_CODES,
  OUTPUT_FORMATS,
  isSiemulatorError,
};
