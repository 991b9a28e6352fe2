// Type check of the public API: every exported function, class and type is used here, and
// the @ts-expect-error lines prove that the unions reject wrong names. `tsc --noEmit -p
// test/tsconfig.json` compiles it; this file resolves the package as CommonJS.
import {
  ERROR_CODES,
  Event,
  EventStream,
  OUTPUT_FORMATS,
  Scenario,
  ScenarioEventStream,
  World,
  generate,
  generateAsync,
  isSiemulatorError,
  parse,
  parseLine,
  source,
  sources,
  stream,
  write,
  writeAsync,
} from 'siemulator'
import type {
  ActorDocument,
  Application,
  BackgroundDocument,
  CloudAccount,
  DurationText,
  ErrorCode,
  EventData,
  Framing,
  GenerateOptions,
  Host,
  HostRole,
  InputTooLargeError,
  InternalError,
  InvalidArgumentError,
  InvalidConstructorCallError,
  InvalidRecordError,
  IoError,
  Labels,
  OcsfRecord,
  OutputFormat,
  OverrideValue,
  Overrides,
  ParseError,
  ParseOptions,
  ParsedRecord,
  PhaseDocument,
  ProfileDocument,
  RateProfile,
  RateProfileName,
  ScenarioActor,
  ScenarioBackground,
  ScenarioDescription,
  ScenarioDocument,
  ScenarioError,
  ScenarioFormat,
  ScenarioPhase,
  ScenarioRunOptions,
  ScenarioSourceCount,
  ScenarioStep,
  SetDocument,
  Seed,
  SiemulatorError,
  SourceAlias,
  SourceFilter,
  SourceInfo,
  SourceVariant,
  StepDocument,
  Subnet,
  UnknownFieldError,
  UnknownSourceError,
  UnknownVariantError,
  User,
  WireFormat,
  WorldData,
  WorldOptions,
  WriteOptions,
} from 'siemulator'

// Catalog.
const filter: SourceFilter = { category: 'identity', format: 'syslog3164', ocsfClass: 3002 }
const catalog: SourceInfo[] = sources(filter)
const info: SourceInfo = source('linux_auth')
const aliases: SourceAlias[] = info.aliases
const variants: SourceVariant[] = info.variants
const formats: WireFormat[] = info.formats
const framing: Framing = info.framing
// @ts-expect-error 'yaml' is not a wire format
const badFilter: SourceFilter = { format: 'yaml' }

// World.
const worldOptions: WorldOptions = { users: 50, servers: 5, organisation: 'Example Labs' }
const world = new World(7n, worldOptions)
const seedOfWorld: bigint = world.seed
const users: User[] = world.users
const hosts: Host[] = world.hosts
const role: HostRole | undefined = hosts[0]?.role
const subnets: Subnet[] = world.subnets
const accounts: CloudAccount[] = world.cloudAccounts
const applications: Application[] = world.applications
const addresses: string[] = [...world.natAddresses, ...world.externalAddresses, ...world.externalDomains]
const names: string[] = [world.organisation, world.domain, world.netbiosDomain, world.domainSid, world.tenantId, world.oktaOrg]
const snapshot: WorldData = world.toJSON()

// Generation.
const seed: Seed = 42
const profile: RateProfile = { type: 'bursts', periodSecs: 600, burstSecs: 30, multiplier: 5 }
const profileName: RateProfileName = 'diurnal'
const value: OverrideValue = 22
const overrides: Overrides = { hostname: 'bastion01', port: value }
const pairs: Overrides = [['hostname', 'bastion01']]
const options: GenerateOptions = {
  count: 100,
  offset: 0,
  seed,
  start: new Date('2026-03-01T00:00:00Z'),
  end: '2026-03-02T00:00:00Z',
  rate: 5,
  profile,
  variant: 'ssh_failed_password',
  overrides,
  world,
}
const lines: string[] = generate('linux_auth', options)
const more: string[] = generate('linux_auth', { seed: 2n ** 64n - 1n, profile: profileName, overrides: pairs, world: worldOptions })
// @ts-expect-error profile names are a closed set
generate('linux_auth', { profile: 'sometimes' })
// @ts-expect-error seeds are numbers or BigInts
generate('linux_auth', { seed: '42' })
const format: OutputFormat = 'ndjson'
const formatted: string[] = generate('linux_auth', { count: 3, format })
const allFormats: readonly OutputFormat[] = OUTPUT_FORMATS
// @ts-expect-error output formats are a closed set
generate('linux_auth', { format: 'xml' })

// Files.
const writeOptions: WriteOptions = { count: 1000, format: 'hec-raw', batchSize: 50 }
const written: number = write('/tmp/siemulator-example.log', 'linux_auth', writeOptions)

// Scenarios.
const builtinNames: string[] = Scenario.builtinNames()
const yaml: string = Scenario.builtinText('ssh-brute-force')
const builtin: Scenario = Scenario.builtin('ssh-brute-force')
const fromFile: Scenario = Scenario.fromFile('scenario.yaml')
const scenarioFormat: ScenarioFormat = 'yaml'
const fromText: Scenario = Scenario.fromText(yaml, scenarioFormat)
const duration: DurationText = '30m'
const profileDocument: ProfileDocument = { type: 'bursts', period_secs: 600, burst_secs: 30, multiplier: 20 }
const attacker: ActorDocument = { type: 'external_ip' }
const victim: ActorDocument = { type: 'world_user', department: 'Engineering' }
const set: SetDocument = { user: '${victim.user}', src_ip: '${attacker.ip}' }
const background: BackgroundDocument = { source: 'linux_auth', rate: 0.5, profile: profileDocument }
const step: StepDocument = { source: 'linux_auth', variant: 'ssh_failed_password', count: 20, spread: '5m', set }
const phase: PhaseDocument = { name: 'credential-access', tactic: 'credential-access', technique: 'T1110.001', offset: '1m', steps: [step] }
const document: ScenarioDocument = { name: 'guessing', duration, actors: { attacker, victim }, background: [background], phases: [phase] }
// @ts-expect-error actor types are a closed set
const badActor: ActorDocument = { type: 'satellite' }
const custom: Scenario = Scenario.fromObject(document)
const scenarioName: string = custom.name
const description: ScenarioDescription = custom.describe(3n)
const actors: ScenarioActor[] = description.actors
const phases: ScenarioPhase[] = description.phases
const steps: ScenarioStep[] | undefined = phases[0]?.steps
const backgrounds: ScenarioBackground[] = description.background
const counts: ScenarioSourceCount[] = description.sources
const runOptions: ScenarioRunOptions = { seed: 3, start: new Date(), format: 'csv', batchSize: 10 }
const run: ScenarioEventStream = custom.events(runOptions)
const total: number = run.total
const emitted: number = run.emitted
const scenarioFile: number = builtin.write('/tmp/scenario.csv', runOptions)
const roundTrip: ScenarioDocument = custom.toJSON()

async function main(): Promise<void> {
  const asyncLines: string[] = await generateAsync('linux_auth', { count: 10 })
  const asyncWritten: number = await writeAsync('/tmp/siemulator-example.ndjson', 'linux_auth', { format: 'ndjson' })
  const asyncScenario: number = await builtin.writeAsync('/tmp/scenario.ndjson', { format: 'ndjson' })
  for await (const event of builtin.events({ seed: 1 })) {
    const labels: Labels = event.labels
  }

  // Streams: sync and async iteration.
  const events: EventStream = stream('linux_auth', { seed: 1 })
  const remaining: number | null = events.remaining
  for (const event of events) {
    const time: Date = event.time
    const text: string = event.timeText
    const index: number = event.index
    const labels: Labels = event.labels
    const record: OcsfRecord = event.ocsf()
    const classUid: number = record.class_uid
    const data: EventData = event.toJSON()
    const fields: string[] = [event.source, event.sourcetype, event.variant, event.host, event.raw]
    if (index >= 10) break
  }
  for await (const event of stream('linux_auth', { count: 5 })) {
    const typed: Event = event
  }
  const first: IteratorResult<Event, void> = events.next()

  // Parsing.
  const parseOptions: ParseOptions = { year: 2025, includeRaw: false, skipInvalid: true, receivedTime: new Date(0), utcOffset: '+02:00' }
  const minutesOffset: ParseOptions = { utcOffset: -300 }
  const records: ParsedRecord[] = parse('linux_auth', lines.join('\n'), parseOptions)
  const one: ParsedRecord = parseLine('linux_auth', lines[0] ?? '')
  const ocsf: OcsfRecord = one.ocsf
  const line: number = one.line

  // Errors: narrowing on `code` gives each kind's fields.
  try {
    generate('linux_auht')
  } catch (err) {
    if (isSiemulatorError(err)) {
      describeError(err)
    }
  }
  const codes: readonly ErrorCode[] = ERROR_CODES
}

function describeError(err: SiemulatorError): string {
  switch (err.code) {
    case 'unknown_source':
      return (err satisfies UnknownSourceError).suggestions.join(', ')
    case 'unknown_variant':
      return (err satisfies UnknownVariantError).available.join(', ')
    case 'unknown_field':
      return (err satisfies UnknownFieldError).field
    case 'invalid_argument':
      return (err satisfies InvalidArgumentError).argument
    case 'parse_error':
      return `${(err satisfies ParseError).line ?? '?'}:${err.offset}`
    case 'input_too_large':
      return `${(err satisfies InputTooLargeError).size} > ${err.limit}`
    case 'scenario_error':
      return `${(err satisfies ScenarioError).path} line ${err.line ?? '?'}`
    case 'invalid_record':
      return (err satisfies InvalidRecordError).problems.join('; ')
    case 'io_error':
      return (err satisfies IoError).ioKind
    case 'internal_error':
      return (err satisfies InternalError).message
    case 'invalid_constructor_call':
      return (err satisfies InvalidConstructorCallError).className
  }
}

void main()
