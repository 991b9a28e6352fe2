'use strict';

// CommonJS entry point. It loads the native addon that `npm run build` compiles from the
// Rust crate in this folder. It also adds what napi-rs does not provide natively:
// - async iteration over the lazy event iterators;
// - promise rejection for argument errors of async functions;
// - argument type checks that throw the package's own errors (options.js);
// - classes that throw the package's `invalid_constructor_call` error when a constructor is
//   called without `new` or has no public constructor.

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

/**
 * Builds the TypeError of a class called without `new` or without a public constructor, with
 * the package's `code` and the class under `className`.
 */
function constructorCallError(className, message) {
  const err = new TypeError(message);
  err.code = 'invalid_constructor_call';
  err.className = className;
  return err;
}

// A napi-rs class called without `new` runs its constructor on the module object. The proxy
// throws a TypeError with the package's code instead, and checks the arguments of `new World`.
const World = new Proxy(native.World, {
  apply() {
    throw constructorCallError(
      'World',
      "Class constructor World cannot be invoked without 'new'. Call it as new World(seed, options).",
    );
  },
  construct(target, args, newTarget) {
    return Reflect.construct(target, checks.World(...args), newTarget === World ? target : newTarget);
  },
});

/**
 * Returns a stand-in for a native class that has no public constructor. Calling the stand-in,
 * with or without `new`, throws the package's error, whose message ends with `hint`: where
 * instances come from. Calling the native class would throw an Error without `code`. The
 * stand-in shares the native prototype, so `instanceof` works, and its static methods call
 * the native ones.
 */
function withoutConstructor(NativeClass, hint) {
  const className = NativeClass.name;
  const StandIn = {
    [className]: function () {
      throw constructorCallError(className, `${className} has no public constructor. ${hint}`);
    },
  }[className];
  StandIn.prototype = NativeClass.prototype;
  // A napi-rs factory builds its instance with `this` as the constructor, so each static
  // method runs with the native class as `this`.
  for (const key of Object.getOwnPropertyNames(NativeClass)) {
    const nativeMethod = NativeClass[key];
    if (typeof nativeMethod !== 'function') continue;
    Object.defineProperty(StandIn, key, {
      configurable: true,
      writable: true,
      value: {
        [key](...args) {
          return nativeMethod.apply(NativeClass, args);
        },
      }[key],
    });
  }
  return StandIn;
}

const Event = withoutConstructor(native.Event, 'Events come from stream() and from the events() method of a Scenario.');
const EventStream = withoutConstructor(native.EventStream, 'Call stream(source, options) to get one.');
const Scenario = withoutConstructor(
  native.Scenario,
  'Create one with Scenario.builtin, Scenario.fromFile, Scenario.fromText or Scenario.fromObject.',
);
const ScenarioEventStream = withoutConstructor(
  native.ScenarioEventStream,
  'Call the events() method of a Scenario to get one.',
);

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
  Event,
  EventStream,
  Scenario,
  ScenarioEventStream,
  ERROR_CODES,
  OUTPUT_FORMATS,
  isSiemulatorError,
};
