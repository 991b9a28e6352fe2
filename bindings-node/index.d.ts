// Types of the siemulator package. Started from the declarations napi-rs generates
// (`npm run build` writes them to native.d.ts) and refined by hand: unions for format and
// profile names, option object types, error types per code, and the iterator protocols.

/** A 64-bit seed: a non-negative safe integer, or a `BigInt` below 2^64. */
export type Seed = number | bigint

/** Wire formats a source writes. */
export type WireFormat = 'syslog3164' | 'syslog5424' | 'cef' | 'leef' | 'kv' | 'csv' | 'json' | 'w3c' | 'xml' | 'text'

/** Output formats of `generate`, `write` and `Scenario.write`; see `OUTPUT_FORMATS`. */
export type OutputFormat = 'raw' | 'ndjson' | 'json' | 'csv' | 'hec' | 'hec-raw'

/** Framing of text input for parsing: one event per line, Windows XML events, or CSV records whose quoted cells may span lines. */
export type Framing = 'lines' | 'windows_xml' | 'csv'

/** Names of the rate profiles, spelled as the CLI's `--profile` takes them. */
export type RateProfileName = 'constant' | 'jittered' | 'diurnal' | 'bursts'

/**
 * A rate profile with parameters; the parameters apply to `bursts` only. Each parameter is a
 * whole number from 1 to 2^32 - 1, and the burst must be shorter than the period.
 */
export interface RateProfile {
  type: RateProfileName
  /** Length of one burst cycle in seconds (default 900). */
  periodSecs?: number
  /** Length of the burst at the start of each cycle in seconds (default 60). */
  burstSecs?: number
  /** Rate during the burst as a multiple of the base rate (default 10). */
  multiplier?: number
}

/** A value of a field override; numbers and booleans are written as text. */
export type OverrideValue = string | number | boolean

/** Field overrides: `{ field: value }`, or `[field, value]` pairs applied in order. */
export type Overrides = Readonly<Record<string, OverrideValue>> | ReadonlyArray<readonly [string, OverrideValue]>

/** Sizes and options of the synthetic organisation; omitted fields keep the defaults. */
export interface WorldOptions {
  /** Number of employees (default 200, 1 to 100000). */
  users?: number
  /** Number of servers (default 40, 0 to 100000); every user also owns one workstation. */
  servers?: number
  /** Number of internal /24 subnets (default 8, 1 to 250). */
  subnets?: number
  /** Number of external addresses to draw from (default 64, 1 to 100000). */
  externalAddresses?: number
  /** Organisation name, used for the internal domain `<name>.example`. */
  organisation?: string
  /** Use public-looking addresses and domains instead of documentation and reserved ones. */
  realisticPublicValues?: boolean
}

/**
 * Options of `generate`, `generateAsync`, `stream`, `write` and `writeAsync`. A key not listed
 * here throws `invalid_argument`, and a key set to null or undefined counts as omitted.
 */
export interface GenerateOptions {
  /**
   * Number of events, a safe integer or a `BigInt`. When omitted, a run with `end` takes
   * every event before `end`, and otherwise `stream` never ends while the other functions
   * produce 10 events.
   */
  count?: number | bigint
  /** Index of the first event, for producing a slice of a longer run (default 0). */
  offset?: number | bigint
  /** Run seed (default 0). */
  seed?: Seed
  /** First instant, as a `Date` or RFC 3339 text (default 2026-01-05T09:00:00Z). */
  start?: Date | string
  /** Stop before this instant, which must be after `start` (or the default start). */
  end?: Date | string
  /** Average rate in events per second (default 10). */
  rate?: number
  /** How the rate varies (default `constant`). */
  profile?: RateProfileName | RateProfile
  /** Variant name; omitted draws variants by weight. */
  variant?: string
  /** Field values that replace generated ones. */
  overrides?: Overrides
  /** A `World` built beforehand, or options for the world built from the seed. */
  world?: World | WorldOptions
  /**
   * Layout of each event (default `raw`): `generate` returns one string per event without
   * line end, `write` adds the file framing (CSV header, JSON array, HEC batch separators).
   * `stream` ignores it.
   */
  format?: OutputFormat
}

/** Options of `write` and `writeAsync`. */
export interface WriteOptions extends GenerateOptions {
  /** Events per HEC `/raw` request body, for `format: 'hec-raw'` (default 100). */
  batchSize?: number
}

/** An alternative id of a source. */
export interface SourceAlias {
  /** The alias id. */
  id: string
  /** Variant names the alias produces; empty means all. */
  variants: string[]
  /**
   * Weights of `variants` in background traffic, in the same order; empty means the
   * variants' own weights.
   */
  weights: number[]
}

/** One kind of event a source produces. */
export interface SourceVariant {
  /** Name accepted by the `variant` option. */
  name: string
  /** Relative frequency in background traffic; 0 means only on request. */
  weight: number
  /** Wire format of this variant. */
  format: WireFormat
  /** One line on what the event is. */
  description: string
}

/** The description of a source. */
export interface SourceInfo {
  /** Canonical id, such as `linux_auth`. */
  id: string
  /** Other accepted ids. */
  aliases: SourceAlias[]
  /** Vendor name. */
  vendor: string
  /** Product name. */
  product: string
  /** Catalog category, such as `network` or `identity`. */
  category: string
  /** Wire formats, default first. */
  formats: WireFormat[]
  /** Default Splunk sourcetype. */
  sourcetype: string
  /** OCSF class uids the parser emits. */
  ocsfClasses: number[]
  /** Vendor format documentation. */
  docUrl: string
  /** Product versions whose format the source follows. */
  versions: string
  /** Known gaps: features of the product the source does not cover yet. */
  knownGaps: string[]
  /** Event variants with their weights. */
  variants: SourceVariant[]
  /** Framing of text input for parsing. */
  framing: Framing
}

/** A catalog query; every given criterion must match. */
export interface SourceFilter {
  /** Category, such as `network`. */
  category?: string
  /** Wire format short name. */
  format?: WireFormat
  /** OCSF class uid. */
  ocsfClass?: number
  /** Vendor name, case-insensitive substring. */
  vendor?: string
  /** Free text matched against ids, aliases, vendor, product and variant names. */
  text?: string
}

/** Ground-truth labels of an event. */
export interface Labels {
  /** Scenario name, for scenario events. */
  scenario?: string
  /** Phase name, for attack events. */
  phase?: string
  /** ATT&CK tactic name, such as `credential-access`. */
  tactic?: string
  /** ATT&CK technique id, such as `T1110.003`. */
  technique?: string
  /** True for attack events, false for background noise. */
  malicious: boolean
}

/** An OCSF 1.8 record; the attributes beyond the common ones depend on the class. */
export interface OcsfRecord {
  class_uid: number
  category_uid: number
  activity_id: number
  type_uid: number
  severity_id: number
  /** Event time in milliseconds since the epoch. */
  time: number
  metadata: { version: string; product: { name: string; vendor_name: string }; [key: string]: unknown }
  /** The input event, unless `includeRaw` was false. */
  raw_data?: string
  [attribute: string]: unknown
}

/** The plain-object form of an `Event`, as `Event.toJSON()` returns it. */
export interface EventData {
  /** RFC 3339 UTC time with nanoseconds. */
  time: string
  index: number
  source: string
  sourcetype: string
  variant: string
  host: string
  raw: string
  labels: Labels
}

/** One generated event. */
export declare class Event {
  private constructor()
  /** When the event happened, as a `Date` (millisecond precision; `timeText` is exact). */
  get time(): Date
  /** When the event happened, as RFC 3339 UTC text with nanoseconds. */
  get timeText(): string
  /** Index of the event in its stream. */
  get index(): number
  /** Canonical source id. */
  get source(): string
  /** Splunk sourcetype. */
  get sourcetype(): string
  /** Variant name. */
  get variant(): string
  /** Host the event is attributed to (the reporting device). */
  get host(): string
  /** The event as the vendor writes it, without a trailing newline. */
  get raw(): string
  /** Ground-truth labels. */
  get labels(): Labels
  /** Parses the raw text back with the source's parser and returns its OCSF record. */
  ocsf(): OcsfRecord
  /** Returns the event as a plain object, for `JSON.stringify`. */
  toJSON(): EventData
}

/**
 * A lazy stream of events: each `next()` generates one event, and the stream is both
 * iterable (`for ... of`) and async iterable (`for await ... of`).
 */
export declare class EventStream implements IterableIterator<Event, void, undefined>, AsyncIterable<Event, void, undefined> {
  private constructor()
  /** Number of events left: 0 once the stream has ended, else `null` for an endless stream. */
  get remaining(): number | null
  next(): IteratorResult<Event, void>
  /** Ends the stream early; `break` in a loop calls it. */
  return(value?: unknown): IteratorResult<Event, void>
  throw(error?: unknown): IteratorResult<Event, void>
  [Symbol.iterator](): EventStream
  [Symbol.asyncIterator](): AsyncGenerator<Event, void, undefined>
}

/** One employee. */
export interface User {
  /** Login name, `first.last`. */
  username: string
  firstName: string
  lastName: string
  /** `First Last`. */
  displayName: string
  /** `first.last@domain`. */
  email: string
  department: string
  title: string
  /** Index of the manager in `World.users`; absent for the head of the organisation. */
  manager?: number
  employeeId: string
  /** Windows security identifier. */
  sid: string
  /** Okta user id. */
  oktaId: string
  /** Entra ID object id. */
  objectId: string
  /** Index of the user's workstation in `World.hosts`. */
  workstation: number
  /** Whether the user has administrative rights. */
  admin: boolean
}

/** Role of a host. */
export type HostRole = 'workstation' | 'server' | 'domain_controller'

/** One computer. */
export interface Host {
  /** Short host name. */
  hostname: string
  /** Fully qualified name in the internal domain. */
  fqdn: string
  /** Internal IPv4 address. */
  ip: string
  /** MAC address, colon separated, lower case. */
  mac: string
  /** Operating system name and version. */
  os: string
  windows: boolean
  role: HostRole
  /** Index of the owning user in `World.users`, for workstations. */
  owner?: number
}

/** One internal subnet. */
export interface Subnet {
  network: string
  prefix: number
  /** Site or purpose name. */
  name: string
}

/** One cloud account or subscription. */
export interface CloudAccount {
  provider: 'aws' | 'azure' | 'gcp'
  /** Account, subscription or project id. */
  id: string
  name: string
  region: string
}

/** One business application. */
export interface Application {
  name: string
  /** Application (client) id. */
  appId: string
}

/** Every entity of a `World`, as `World.toJSON()` returns it. */
export interface WorldData {
  /** The seed in decimal, because JSON has no 64-bit integers. */
  seed: string
  organisation: string
  domain: string
  netbiosDomain: string
  domainSid: string
  tenantId: string
  oktaOrg: string
  users: User[]
  hosts: Host[]
  subnets: Subnet[]
  natAddresses: string[]
  externalAddresses: string[]
  externalDomains: string[]
  cloudAccounts: CloudAccount[]
  applications: Application[]
}

/**
 * A deterministic synthetic organisation, built from a seed and options. Pass it as the
 * `world` option to share one world between several calls.
 */
export declare class World {
  /**
   * Builds the world of `seed` (default 0); throws `invalid_argument` for counts out of range
   * or unknown option keys, and `invalid_constructor_call` (a `TypeError`) when called
   * without `new`.
   */
  constructor(seed?: Seed | null, options?: WorldOptions | null)
  /** The seed the world was built from. */
  get seed(): bigint
  get organisation(): string
  /** Internal DNS and mail domain. */
  get domain(): string
  get netbiosDomain(): string
  /** Domain SID prefix `S-1-5-21-a-b-c`. */
  get domainSid(): string
  /** Entra ID tenant id. */
  get tenantId(): string
  /** Okta organisation host. */
  get oktaOrg(): string
  get users(): User[]
  /** One workstation per user, then servers and domain controllers. */
  get hosts(): Host[]
  get subnets(): Subnet[]
  /** Public addresses the organisation's traffic leaves from. */
  get natAddresses(): string[]
  /** External addresses (partners, attackers, the internet). */
  get externalAddresses(): string[]
  get externalDomains(): string[]
  get cloudAccounts(): CloudAccount[]
  get applications(): Application[]
  /** Returns every entity in one plain object, for `JSON.stringify`. */
  toJSON(): WorldData
}

/** Options of `parse` and `parseLine`. */
export interface ParseOptions {
  /** Year for timestamps that carry none, such as BSD syslog (default 2026). */
  year?: number
  /** Copy each input event into the record's `raw_data` (default true). */
  includeRaw?: boolean
  /** Drop events that cannot be read instead of throwing `parse_error` (default false). */
  skipInvalid?: boolean
  /**
   * Time of events that carry no timestamp of their own, such as bare messages whose syslog
   * header a collector removed; without it such events are errors.
   */
  receivedTime?: Date | string
  /**
   * UTC offset of timestamps that name no zone, such as BSD syslog, Cisco ASA, PAN-OS and
   * classic Windows text times: whole minutes east of UTC (-1439 to 1439), or text `Z`,
   * `+HH:MM`, `-HH:MM` or `+HHMM`. The default 0 reads them as UTC. Times with their own
   * zone or offset, and epoch numbers, keep theirs.
   */
  utcOffset?: number | string
}

/** One event read from the input. */
export interface ParsedRecord {
  /** 1-based line where the event starts. */
  line: number
  /** The variant the event matches, when the parser can tell. */
  variant?: string
  /** The vendor fields, under the names the generator uses. */
  fields: Record<string, unknown>
  /** The OCSF 1.8 record. */
  ocsf: OcsfRecord
}

/** Languages of scenario documents. */
export type ScenarioFormat = 'json' | 'yaml' | 'toml'

/** A length of time as text (`90s`, `30m`, `1h30m`, `250ms`, `2d`) or a number of seconds. */
export type DurationText = string | number

/**
 * A rate profile as scenario documents write it: a name, or a tagged object. The object form
 * takes no aliases and rejects fields that its type does not have.
 */
export type ProfileDocument =
  | RateProfileName
  | { type: 'constant' | 'jittered' | 'diurnal' }
  | { type: 'bursts'; period_secs: number; burst_secs: number; multiplier: number }

/** Source of an actor's values, tagged by `type`. */
export type ActorDocument =
  | { type: 'world_user'; index?: number; department?: string; admin?: boolean }
  | {
      type: 'world_host'
      index?: number
      role?: HostRole
      platform?: 'windows' | 'linux' | 'macos'
      /** The workstation of this `world_user` actor. */
      owner?: string
      /** Prefer hosts whose host name starts with this text in any case, such as `srv-fs`. */
      name_prefix?: string
    }
  | { type: 'external_ip'; index?: number }
  | { type: 'external_domain'; index?: number }
  | { type: 'cloud_account'; provider?: 'aws' | 'azure' | 'gcp'; index?: number }
  | { type: 'application'; name?: string; index?: number }
  | { type: 'literal'; value: Record<string, string | number | boolean> }

/** Field overrides of a scenario step; string values may refer to actors as `${name.field}`. */
export type SetDocument = Record<string, string | number | boolean>

/** One benign source running over the whole scenario. */
export interface BackgroundDocument {
  source: string
  /** Average rate in events per second. */
  rate: number
  profile?: ProfileDocument
  variant?: string
  set?: SetDocument
}

/** One stream of attack events. */
export interface StepDocument {
  name?: string
  source: string
  variant?: string
  /** Number of events (default 1). */
  count?: number
  /** Start of the step after the phase start. */
  offset?: DurationText
  /** Window the events are spread over. */
  spread?: DurationText
  /** Spacing of the events inside the window (default `jittered`). */
  profile?: ProfileDocument
  tactic?: string
  technique?: string
  /** The `malicious` label (default true). */
  malicious?: boolean
  set?: SetDocument
}

/** One attack phase. */
export interface PhaseDocument {
  name: string
  description?: string
  /** ATT&CK tactic short name, such as `credential-access`. */
  tactic?: string
  /** ATT&CK technique id, such as `T1110.001`. */
  technique?: string
  /** Start of the phase after the scenario start. */
  offset?: DurationText
  steps: StepDocument[]
}

/** A scenario document with the keys of its YAML form, as `Scenario.fromObject` takes it. */
export interface ScenarioDocument {
  name: string
  description?: string
  /**
   * Seed used when the caller gives none (default 0). `toJSON` returns a seed above
   * `Number.MAX_SAFE_INTEGER` as decimal text, and `fromObject` takes that text back.
   */
  seed?: number | string
  /** First instant, RFC 3339 text. */
  start?: string
  duration: DurationText
  world?: {
    users?: number
    servers?: number
    subnets?: number
    external_addresses?: number
    organisation?: string
    realistic_public_values?: boolean
  }
  actors?: Record<string, ActorDocument>
  background?: BackgroundDocument[]
  phases?: PhaseDocument[]
}

/** Options of `Scenario.events`, `Scenario.write` and `Scenario.writeAsync`. */
export interface ScenarioRunOptions {
  /** Run seed; the document's seed, else 0, when omitted. */
  seed?: Seed
  /** First instant; the document's start, else 2026-01-05T09:00:00Z, when omitted. */
  start?: Date | string
  /** Layout of the written file (default `raw`); `events` ignores it. */
  format?: OutputFormat
  /** Events per HEC `/raw` request body, for `format: 'hec-raw'` (default 100). */
  batchSize?: number
}

/** An actor with the values its `${name.field}` references expand to. */
export interface ScenarioActor {
  name: string
  type: ActorDocument['type']
  fields: Record<string, string>
}

/** One attack step of a description; times are RFC 3339 with nanoseconds. */
export interface ScenarioStep {
  source: string
  variant?: string
  technique?: string
  start: string
  end: string
  events: number
}

/** One attack phase of a description; times are RFC 3339 with nanoseconds. */
export interface ScenarioPhase {
  name: string
  description: string
  tactic?: string
  /** ATT&CK techniques of the phase and its steps, in order of appearance. */
  techniques: string[]
  start: string
  end: string
  events: number
  steps: ScenarioStep[]
}

/** One background source of a description. */
export interface ScenarioBackground {
  source: string
  rate: number
  profile: RateProfile
  events: number
}

/** Event counts of one source in a description. */
export interface ScenarioSourceCount {
  source: string
  attackEvents: number
  backgroundEvents: number
  events: number
}

/** Summary of a scenario run for one seed, computed without generating events. */
export interface ScenarioDescription {
  name: string
  description: string
  /** The seed in decimal, because JSON has no 64-bit integers. */
  seed: string
  /** First instant, RFC 3339 with nanoseconds. */
  start: string
  /** End of the scenario (exclusive), RFC 3339 with nanoseconds. */
  end: string
  /** Length, such as `30m`. */
  duration: string
  durationMs: number
  actors: ScenarioActor[]
  phases: ScenarioPhase[]
  background: ScenarioBackground[]
  /** Event counts per source id, sorted by id. */
  sources: ScenarioSourceCount[]
  attackEvents: number
  backgroundEvents: number
  totalEvents: number
}

/** The events of one scenario run in time order; iterable and async iterable. */
export declare class ScenarioEventStream implements IterableIterator<Event, void, undefined>, AsyncIterable<Event, void, undefined> {
  private constructor()
  /** Number of events of the whole run. */
  get total(): number
  /** Number of events returned so far. */
  get emitted(): number
  next(): IteratorResult<Event, void>
  /** Ends the run early; `break` in a loop calls it. */
  return(value?: unknown): IteratorResult<Event, void>
  throw(error?: unknown): IteratorResult<Event, void>
  [Symbol.iterator](): ScenarioEventStream
  [Symbol.asyncIterator](): AsyncGenerator<Event, void, undefined>
}

/** A validated scenario document: background sources and attack phases over one world. */
export declare class Scenario {
  private constructor()
  /** Loads a built-in scenario by name; throws `invalid_argument` listing the names. */
  static builtin(name: string): Scenario
  /** Returns the names of the built-in scenarios. */
  static builtinNames(): string[]
  /** Returns the YAML document of a built-in scenario, as a starting point for a copy. */
  static builtinText(name: string): string
  /**
   * Reads a document file. The extensions `.json`, `.yaml`, `.yml` and `.toml` choose the
   * language. A file with another name is read as JSON when its text starts with `{`, else
   * as YAML. Throws `io_error` with `path` when the file cannot be read, `input_too_large`
   * for a file over 16 MiB, and `scenario_error` with `path` (the field inside the document)
   * and `line` when the document is invalid.
   */
  static fromFile(path: string): Scenario
  /** Reads a document given as text; without `format`, `{` starts JSON and anything else YAML. */
  static fromText(text: string, format?: ScenarioFormat | null): Scenario
  /** Validates a document given as an object with the keys of the YAML form. */
  static fromObject(document: ScenarioDocument): Scenario
  /** Scenario name. */
  get name(): string
  /** Summarises a run with `seed` without generating events. */
  describe(seed?: Seed | null): ScenarioDescription
  /** Starts a run: a lazy stream of the events of every source merged in time order. */
  events(options?: ScenarioRunOptions | null): ScenarioEventStream
  /** Writes a whole run to a new file at `path` and returns the number of events written. */
  write(path: string, options?: ScenarioRunOptions | null): number
  /** Same as `write`, computed off the JavaScript thread. */
  writeAsync(path: string, options?: ScenarioRunOptions | null): Promise<number>
  /** Returns the document with the keys of its YAML form. */
  toJSON(): ScenarioDocument
}

/**
 * The stable codes of thrown errors. `internal_error` means a bug in siemulator, and
 * `invalid_constructor_call` a class called without `new` or one without a public constructor.
 */
export type ErrorCode =
  | 'unknown_source'
  | 'unknown_variant'
  | 'unknown_field'
  | 'invalid_argument'
  | 'parse_error'
  | 'input_too_large'
  | 'scenario_error'
  | 'invalid_record'
  | 'io_error'
  | 'internal_error'
  | 'invalid_constructor_call'

interface ErrorBase<C extends ErrorCode> extends Error {
  code: C
}

/** A source id or alias that the catalog does not contain. */
export interface UnknownSourceError extends ErrorBase<'unknown_source'> {
  id: string
  /** The closest known ids, best first. */
  suggestions: string[]
}

/** A variant name that the source does not define. */
export interface UnknownVariantError extends ErrorBase<'unknown_variant'> {
  sourceId: string
  variant: string
  available: string[]
}

/** An override that names a field the event does not have. */
export interface UnknownFieldError extends ErrorBase<'unknown_field'> {
  sourceId: string
  variant: string
  field: string
  available: string[]
}

/** An argument outside its documented domain. */
export interface InvalidArgumentError extends ErrorBase<'invalid_argument'> {
  /** The option name, such as `seed` or `world.users`. */
  argument: string
  reason: string
}

/** An input event that could not be read. */
export interface ParseError extends ErrorBase<'parse_error'> {
  sourceId: string
  /** 1-based line of the event, or null when the input has no lines. */
  line: number | null
  /** Byte offset inside the event where reading stopped. */
  offset: number
  reason: string
}

/** An input larger than a documented limit. */
export interface InputTooLargeError extends ErrorBase<'input_too_large'> {
  what: string
  size: number
  limit: number
}

/** A scenario document that is malformed or refers to unknown things. */
export interface ScenarioError extends ErrorBase<'scenario_error'> {
  /** Path of the bad field, such as `phases[2].steps[0].source`. */
  path: string
  /** 1-based line of the document, or null when unknown. */
  line: number | null
  reason: string
}

/** An OCSF record that does not satisfy the schema. */
export interface InvalidRecordError extends ErrorBase<'invalid_record'> {
  classUid: number
  problems: string[]
}

/** A failed read or write. */
export interface IoError extends ErrorBase<'io_error'> {
  /** The file, when the error comes from reading or writing one. */
  path?: string
  /** The Rust `std::io::ErrorKind` name, such as `NotFound`. */
  ioKind: string
}

/** A panic inside siemulator, which is always a bug. */
export type InternalError = ErrorBase<'internal_error'>

/**
 * A `TypeError`: `World` called without `new`, or `Event`, `EventStream`, `Scenario` or
 * `ScenarioEventStream` called at all, as they have no public constructor.
 */
export interface InvalidConstructorCallError extends ErrorBase<'invalid_constructor_call'>, TypeError {
  /** The class that was called, such as `World`. */
  className: string
}

/** Every error the package throws; narrow it with `switch (err.code)`. */
export type SiemulatorError =
  | UnknownSourceError
  | UnknownVariantError
  | UnknownFieldError
  | InvalidArgumentError
  | ParseError
  | InputTooLargeError
  | ScenarioError
  | InvalidRecordError
  | IoError
  | InternalError
  | InvalidConstructorCallError

/**
 * Every error code, in the order of the core's list, then the binding's own `internal_error`
 * and `invalid_constructor_call`.
 */
export declare const ERROR_CODES: readonly ErrorCode[]

/** Every output format name, in the order the CLI lists them. */
export declare const OUTPUT_FORMATS: readonly OutputFormat[]

/** Tells whether `value` is an error thrown by this package. */
export declare function isSiemulatorError(value: unknown): value is SiemulatorError

/**
 * Lists the built-in sources sorted by id, or those matching `filter`. Throws
 * `invalid_argument` for a category or format that does not exist, as the CLI's `list` does.
 */
export declare function sources(filter?: SourceFilter | null): SourceInfo[]

/** Returns the source with canonical id or alias `id`; throws `unknown_source` otherwise. */
export declare function source(id: string): SourceInfo

/** Generates events of `source` and returns their raw text. */
export declare function generate(source: string, options?: GenerateOptions | null): string[]

/** Same as `generate`, computed off the JavaScript thread; rejects with the same errors. */
export declare function generateAsync(source: string, options?: GenerateOptions | null): Promise<string[]>

/** Returns a lazy stream of events of `source`; without `count` it never ends. */
export declare function stream(source: string, options?: GenerateOptions | null): EventStream

/**
 * Generates events of `source` into a new file at `path` (replacing an existing one),
 * streaming with memory for one event, and returns the number of events written. Throws
 * `io_error` with `path` when the file cannot be written.
 */
export declare function write(path: string, source: string, options?: WriteOptions | null): number

/** Same as `write`, computed off the JavaScript thread; rejects with the same errors. */
export declare function writeAsync(path: string, source: string, options?: WriteOptions | null): Promise<number>

/**
 * Parses every event of `text` (lines, multi-line JSON or XML, JSON envelopes). Throws
 * `parse_error` with `line` and `offset` at the first event that cannot be read, unless
 * `skipInvalid` is set.
 */
export declare function parse(source: string, text: string, options?: ParseOptions | null): ParsedRecord[]

/** Parses exactly one event; throws `parse_error` when `line` contains no event or a malformed one. */
export declare function parseLine(source: string, line: string, options?: ParseOptions | null): ParsedRecord
