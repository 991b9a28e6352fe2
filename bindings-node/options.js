'use strict';

// Argument checks that run before the native code. napi-rs reports a value of the wrong type
// with its own status codes and Rust type names, and it ignores unknown keys of an options
// object. These checks throw the package's `invalid_argument` error instead, naming the
// option, the expected JavaScript type and the accepted keys. The native code still checks
// ranges and formats.

/** Returns the type of `value` as an error message names it. */
function typeName(value) {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (value instanceof Date) return 'a Date';
  return typeof value;
}

/** Builds the error the native code throws for an invalid argument. */
function invalidArgument(argument, reason) {
  const err = new Error(`invalid ${argument}: ${reason}`);
  err.code = 'invalid_argument';
  err.argument = argument;
  err.reason = reason;
  return err;
}

/** True when an optional argument or option is absent, which napi-rs reads as omitted. */
function isAbsent(value) {
  return value === undefined || value === null;
}

function isPlainObject(value) {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

// Checks of one value: each returns true when the value has the expected type.
const KINDS = {
  string: { expected: 'a string', accepts: (value) => typeof value === 'string' },
  boolean: { expected: 'a boolean', accepts: (value) => typeof value === 'boolean' },
  number: { expected: 'a number', accepts: (value) => typeof value === 'number' },
  wholeNumber: { expected: 'a whole number', accepts: (value) => Number.isInteger(value) },
  integer: {
    expected: 'a non-negative integer (a number or a BigInt)',
    accepts: (value) => typeof value === 'number' || typeof value === 'bigint',
  },
  time: {
    expected: 'a Date or RFC 3339 text',
    accepts: (value) => value instanceof Date || typeof value === 'string',
  },
  utcOffset: {
    expected: 'whole minutes east of UTC (a number) or offset text such as +02:00',
    accepts: (value) => typeof value === 'number' || typeof value === 'string',
  },
  overrides: {
    expected: 'an object { field: value } or an array of [field, value] pairs',
    accepts: (value) => typeof value === 'object' && value !== null && !(value instanceof Date),
  },
};

/** Throws unless `value` is of `kind`; `required` rejects an absent value too. */
function checkKind(argument, value, kind, required = false) {
  if (!required && isAbsent(value)) return;
  const { expected, accepts } = KINDS[kind];
  if (!accepts(value)) {
    throw invalidArgument(argument, `must be ${expected}, got ${typeName(value)}`);
  }
}

/**
 * Throws unless `options` is absent or an object whose keys all appear in `shape`, and each
 * value has the kind `shape` gives it: a `KINDS` name, or a function that checks the value.
 * `objectName` names the options object in messages, and `prefix` goes before nested keys.
 */
function checkOptions(objectName, options, shape, prefix = '') {
  if (isAbsent(options)) return;
  const argument = prefix === '' ? 'options' : prefix.slice(0, -1);
  if (!isPlainObject(options)) {
    throw invalidArgument(argument, `the ${objectName} must be an object, got ${typeName(options)}`);
  }
  const accepted = Object.keys(shape);
  for (const key of Object.keys(options)) {
    if (!Object.hasOwn(shape, key)) {
      throw invalidArgument(
        `${prefix}${key}`,
        `'${key}' is not an option of the ${objectName}; the options are ${accepted.join(', ')}`,
      );
    }
  }
  for (const [key, kind] of Object.entries(shape)) {
    if (typeof kind === 'function') {
      kind(`${prefix}${key}`, options[key]);
    } else {
      checkKind(`${prefix}${key}`, options[key], kind);
    }
  }
}

const PROFILE_SHAPE = { type: 'string', periodSecs: 'number', burstSecs: 'number', multiplier: 'number' };

function checkProfile(argument, profile) {
  if (isAbsent(profile) || typeof profile === 'string') return;
  if (!isPlainObject(profile)) {
    throw invalidArgument(
      argument,
      `must be a profile name (a string) or an object { type, periodSecs, burstSecs, multiplier }, got ${typeName(profile)}`,
    );
  }
  checkOptions('rate profile', profile, PROFILE_SHAPE, `${argument}.`);
  checkKind(`${argument}.type`, profile.type, 'string', true);
}

const WORLD_SHAPE = {
  users: 'number',
  servers: 'number',
  subnets: 'number',
  externalAddresses: 'number',
  organisation: 'string',
  realisticPublicValues: 'boolean',
};

/** Returns the check of the `world` option, which takes a `World` made by `WorldClass`. */
function worldCheck(WorldClass) {
  return (argument, world) => {
    if (isAbsent(world) || world instanceof WorldClass) return;
    if (!isPlainObject(world)) {
      throw invalidArgument(argument, `must be a World or an object of world options, got ${typeName(world)}`);
    }
    checkOptions('world options', world, WORLD_SHAPE, `${argument}.`);
  };
}

/**
 * Returns `options` without its keys whose value is null. napi-rs reads a null option as
 * omitted, except where the option takes two types (`seed`, `start`, `world`), so the
 * native code gets those keys left out instead.
 */
function withoutNulls(options) {
  if (!isPlainObject(options) || !Object.values(options).includes(null)) return options;
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== null));
}

/**
 * Returns the checks of every function and method, for the native `World` class. Each check
 * throws for an invalid argument and returns the arguments to pass to the native code.
 */
function argumentChecks(WorldClass) {
  const generateShape = {
    count: 'integer',
    offset: 'integer',
    seed: 'integer',
    start: 'time',
    end: 'time',
    rate: 'number',
    profile: checkProfile,
    variant: 'string',
    overrides: 'overrides',
    world: worldCheck(WorldClass),
    format: 'string',
    batchSize: 'number',
  };
  const parseShape = {
    year: 'wholeNumber',
    includeRaw: 'boolean',
    skipInvalid: 'boolean',
    receivedTime: 'time',
    utcOffset: 'utcOffset',
  };
  const runShape = { seed: 'integer', start: 'time', format: 'string', batchSize: 'number' };
  const filterShape = { category: 'string', format: 'string', ocsfClass: 'wholeNumber', vendor: 'string', text: 'string' };

  const generate = (source, options) => {
    checkKind('source', source, 'string', true);
    checkOptions('generate options', options, generateShape);
    return [source, withoutNulls(options)];
  };
  const write = (path, source, options) => {
    checkKind('path', path, 'string', true);
    return [path, ...generate(source, options)];
  };
  const parse = (argument) => (source, text, options) => {
    checkKind('source', source, 'string', true);
    checkKind(argument, text, 'string', true);
    checkOptions('parse options', options, parseShape);
    return [source, text, withoutNulls(options)];
  };
  const run = (options) => {
    checkOptions('scenario run options', options, runShape);
    return [withoutNulls(options)];
  };

  return {
    sources: (filter) => {
      checkOptions('source filter', filter, filterShape);
      return [filter];
    },
    source: (id) => {
      checkKind('id', id, 'string', true);
      return [id];
    },
    generate,
    stream: generate,
    write,
    parse: parse('text'),
    parseLine: parse('line'),
    World: (seed, options) => {
      checkKind('seed', seed, 'integer');
      checkOptions('world options', options, WORLD_SHAPE, 'world.');
      return [seed, options];
    },
    describe: (seed) => {
      checkKind('seed', seed, 'integer');
      return [seed];
    },
    events: run,
    scenarioWrite: (path, options) => {
      checkKind('path', path, 'string', true);
      return [path, ...run(options)];
    },
  };
}

module.exports = { argumentChecks };
