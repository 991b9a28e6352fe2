//! AWS CloudTrail: management and data events as CloudTrail delivers them (one JSON record per
//! event; the `{"Records": [...]}` log file envelope is read too).
//!
//! Format: CloudTrail record contents, `eventVersion` 1.08 to 1.11, with the userIdentity
//! element of IAM users, Identity Center (SSO) and workload role sessions, root and AWS
//! services. The reader also takes records wrapped in an EventBridge event (`detail`), records
//! whose `requestParameters` or `responseElements` are null or empty, older versions (1.05)
//! and CloudTrail Insights events. IAM calls that change one IAM user map to Account Change,
//! sign-in events to Authentication, Insights to Detection Finding and every other call to API
//! Activity. Vendor documentation:
//! <https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html>.

use std::fmt::Write as _;
use std::net::IpAddr;

use serde_json::{Map, Value};

use super::json_support::{self, Alphabet};
use super::{Framing, GenContext, ParseOptions, ParseState, Parsed, Source, SourceMeta, Variant, WireFormat};
use crate::field_map::FieldMap;
use crate::error::ParseError;
use crate::fields::Fields;
use crate::format::json;
use crate::ocsf::{self, class, Object, RecordBuilder};
use crate::seed::EventRng;
use crate::timestamp::Timestamp;
use crate::world::{CloudAccount, User, World};

/// The `aws_cloudtrail` source.
pub struct AwsCloudTrail;

const VARIANTS: &[Variant] = &[
    Variant { name: "GetObject", weight: 240, format: WireFormat::Json, description: "S3 data event: an object was read" },
    Variant { name: "DescribeInstances", weight: 200, format: WireFormat::Json, description: "EC2 instances were listed" },
    Variant { name: "AssumeRole", weight: 150, format: WireFormat::Json, description: "STS issued temporary credentials for a role" },
    Variant { name: "PutObject", weight: 100, format: WireFormat::Json, description: "S3 data event: an object was written" },
    Variant { name: "ListBuckets", weight: 80, format: WireFormat::Json, description: "S3 buckets were listed" },
    Variant { name: "GetSecretValue", weight: 60, format: WireFormat::Json, description: "Secrets Manager returned a secret" },
    Variant { name: "ConsoleLogin", weight: 40, format: WireFormat::Json, description: "successful sign-in to the AWS Management Console" },
    Variant { name: "ConsoleLoginFailure", weight: 6, format: WireFormat::Json, description: "failed sign-in to the AWS Management Console" },
    Variant { name: "RunInstances", weight: 15, format: WireFormat::Json, description: "EC2 instances were launched" },
    Variant { name: "AuthorizeSecurityGroupIngress", weight: 5, format: WireFormat::Json, description: "an inbound rule was added to a security group" },
    Variant { name: "CreateUser", weight: 3, format: WireFormat::Json, description: "an IAM user was created" },
    Variant { name: "AttachUserPolicy", weight: 3, format: WireFormat::Json, description: "a managed policy was attached to an IAM user" },
    Variant { name: "CreateAccessKey", weight: 3, format: WireFormat::Json, description: "an access key was created for an IAM user" },
    Variant { name: "StopLogging", weight: 0, format: WireFormat::Json, description: "a trail stopped logging" },
    Variant { name: "DeleteTrail", weight: 0, format: WireFormat::Json, description: "a trail was deleted" },
];

const GET_OBJECT: usize = 0;
const DESCRIBE_INSTANCES: usize = 1;
const ASSUME_ROLE: usize = 2;
const PUT_OBJECT: usize = 3;
const LIST_BUCKETS: usize = 4;
const GET_SECRET_VALUE: usize = 5;
const CONSOLE_LOGIN: usize = 6;
const CONSOLE_LOGIN_FAILURE: usize = 7;
const RUN_INSTANCES: usize = 8;
const AUTHORIZE_INGRESS: usize = 9;
const CREATE_USER: usize = 10;
const ATTACH_USER_POLICY: usize = 11;
const CREATE_ACCESS_KEY: usize = 12;
const STOP_LOGGING: usize = 13;
const DELETE_TRAIL: usize = 14;

static META: SourceMeta = SourceMeta {
    id: "aws_cloudtrail",
    aliases: &[],
    vendor: "Amazon Web Services",
    product: "CloudTrail",
    category: "cloud",
    formats: &[WireFormat::Json],
    sourcetype: "aws:cloudtrail",
    ocsf_classes: &[class::API_ACTIVITY, class::AUTHENTICATION, class::ACCOUNT_CHANGE, class::DETECTION_FINDING],
    doc_url: "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html",
    versions: "CloudTrail eventVersion 1.08 to 1.11 (reads 1.05)",
    known_gaps: &[
        "Network activity events, CloudTrail Lake and Security Lake exports are not generated",
        "Insights events map to Detection Finding but are not generated",
        "sessionToken values are shorter than real STS tokens",
    ],
    variants: VARIANTS,
    framing: Framing::Lines,
    host_fields: &[],
};

/// The kind of principal that makes a call.
#[derive(Clone, Copy, PartialEq, Eq)]
enum CallerKind {
    /// An IAM user with a long-term access key.
    IamUser,
    /// An employee in an IAM Identity Center permission set role.
    Sso,
    /// An application or instance role session.
    Workload,
    /// The account root user.
    Root,
    /// An AWS service acting on the account's behalf.
    Service,
}

/// Values chosen while writing the request that later fields repeat.
#[derive(Default)]
struct Request {
    read_only: bool,
    /// Bucket name suffix after the organisation, for S3 calls.
    bucket: &'static str,
    /// Object key, for S3 object calls.
    key: &'static str,
    /// Role name, for `AssumeRole`.
    role: &'static str,
}

/// The identity and network origin of one call.
struct Caller<'w> {
    kind: CallerKind,
    user: &'w User,
    account: &'w CloudAccount,
    /// Role name for `Sso` and `Workload` callers, service principal for `Service`.
    role: &'static str,
}

const SSO_ROLES: &[&str] = &["AWSReservedSSO_ReadOnlyAccess", "AWSReservedSSO_PowerUserAccess", "AWSReservedSSO_AdministratorAccess"];
const WORKLOAD_ROLES: &[&str] = &["orders-api-task", "etl-batch-runner", "ci-deploy", "reporting-lambda", "backup-agent"];
const ASSUMABLE_ROLES: &[&str] = &["OrganizationAccountAccessRole", "ci-deploy", "security-audit", "data-engineering", "break-glass-admin"];
const SERVICE_PRINCIPALS: &[&str] = &["lambda.amazonaws.com", "ec2.amazonaws.com", "ecs-tasks.amazonaws.com"];
const BUCKET_SUFFIXES: &[&str] = &["data-lake", "app-uploads", "reports", "backups", "terraform-state", "analytics-exports"];
const OBJECT_KEYS: &[&str] = &[
    "exports/orders/part-00017.csv.gz",
    "reports/finance/q4-summary.pdf",
    "uploads/avatars/7f3a9c.png",
    "backups/postgres/orders-db.dump.gz",
    "env/prod/terraform.tfstate",
    "raw/events/2026/01/05/events-0042.json.gz",
    "shared/hr/onboarding-checklist.docx",
];
const SECRET_NAMES: &[&str] = &["prod/orders/db-password", "prod/payments/stripe-api-key", "staging/app/db-credentials", "ci/github-token", "prod/reporting/warehouse"];
const POLICIES: &[&str] = &[
    "arn:aws:iam::aws:policy/ReadOnlyAccess",
    "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess",
    "arn:aws:iam::aws:policy/AdministratorAccess",
    "arn:aws:iam::aws:policy/PowerUserAccess",
];
const NEW_USERS: &[&str] = &["svc-reporting", "svc-backup", "ci-runner", "vendor-integration", "temp-contractor", "monitoring-bot"];
const INSTANCE_TYPES: &[&str] = &["t3.micro", "t3.medium", "m6i.large", "c6i.xlarge", "r6g.large"];
const OTHER_REGIONS: &[&str] = &["us-east-2", "eu-west-1", "eu-central-1", "ap-southeast-1"];
const TRAIL_NAMES: &[&str] = &["management-events", "org-trail", "security-audit-trail"];
const BROWSERS: &[&str] = &[
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6 Safari/605.1.15",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0",
    "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0",
];
const SDK_AGENTS: &[&str] = &[
    "aws-cli/2.22.12 md/awscrt#0.22.0 ua/2.0 os/linux#6.8.0-1019-aws md/arch#x86_64 lang/python#3.12.6 md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe md/distrib#ubuntu.24 md/prompt#off",
    "aws-cli/2.22.12 md/awscrt#0.22.0 ua/2.0 os/macos#24.1.0 md/arch#arm64 lang/python#3.12.6 md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe md/prompt#off",
    "Boto3/1.35.76 md/Botocore#1.35.76 ua/2.0 os/linux#5.10.228-219.884.amzn2.x86_64 md/arch#x86_64 lang/python#3.12.7 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.35.76",
    "aws-sdk-java/2.29.29 Linux/6.1.115-126.197.amzn2023.x86_64 OpenJDK_64-Bit_Server_VM/21.0.5+11-LTS Java/21.0.5 vendor/Amazon.com_Inc. io/sync http/Apache cfg/retry-mode/legacy",
    "APN/1.0 HashiCorp/1.0 Terraform/1.10.1 (+https://www.terraform.io) terraform-provider-aws/5.80.0 (+https://registry.terraform.io/providers/hashicorp/aws) aws-sdk-go-v2/1.32.6 ua/2.1 os/linux lang/go#1.23.3 md/GOOS#linux md/GOARCH#amd64 api/ec2#1.196.0",
];
const CONSOLE_AGENT: &str = "AWS Internal";
const S3_CONSOLE_AGENT: &str = "[S3Console/0.4, aws-internal/3 aws-sdk-java/1.12.779 Linux/5.10.228-219.884.amzn2int.x86_64 OpenJDK_64-Bit_Server_VM/25.432-b06 java/1.8.0_432 vendor/Oracle_Corporation cfg/retry-mode/standard]";

impl Source for AwsCloudTrail {
    fn meta(&self) -> &'static SourceMeta {
        &META
    }

    fn fill(&self, ctx: &mut GenContext<'_>, fields: &mut Fields) {
        let world = ctx.world;
        let account = pick_aws_account(world, &mut ctx.rng);
        let user = &world.users[ctx.user(&["userIdentity.userName"])];
        let caller = choose_caller(ctx.variant, user, account, &mut ctx.rng);
        // IAM, sign-in and ListBuckets are global services recorded in us-east-1. Other calls
        // go to the account's home region, and a tenth go elsewhere.
        let region = if matches!(ctx.variant, CONSOLE_LOGIN | CONSOLE_LOGIN_FAILURE | CREATE_USER | ATTACH_USER_POLICY | CREATE_ACCESS_KEY | LIST_BUCKETS) {
            "us-east-1"
        } else if ctx.rng.chance(100) {
            ctx.rng.pick_str(OTHER_REGIONS)
        } else {
            account.region.as_str()
        };

        fields.str("eventVersion", if ctx.rng.chance(800) { "1.09" } else { "1.08" });
        write_user_identity(ctx, fields, &caller);
        let time = ctx.time;
        fields.with("eventTime", |out| time.write_rfc3339(out, 0));
        let (source, name) = event_name(ctx.variant);
        fields.str("eventSource", source);
        fields.str("eventName", name);
        fields.str("awsRegion", region);
        write_source_address(ctx, fields, &caller);
        let console = matches!(ctx.variant, CONSOLE_LOGIN | CONSOLE_LOGIN_FAILURE);
        let agent = if console {
            ctx.rng.pick_str(BROWSERS)
        } else if caller.kind == CallerKind::Service {
            caller.role
        } else if caller.kind == CallerKind::Workload {
            // Applications use an SDK; the deploy pipeline runs Terraform.
            if caller.role == "ci-deploy" {
                SDK_AGENTS[4]
            } else {
                SDK_AGENTS[2 + ctx.rng.index(2)]
            }
        } else if matches!(ctx.variant, GET_OBJECT | PUT_OBJECT | LIST_BUCKETS) && caller.kind == CallerKind::Sso && ctx.rng.chance(400) {
            S3_CONSOLE_AGENT
        } else if caller.kind == CallerKind::Sso && ctx.rng.chance(300) {
            CONSOLE_AGENT
        } else {
            ctx.rng.pick_str(SDK_AGENTS)
        };
        fields.str("userAgent", agent);

        let failed = write_error(ctx, fields);
        let request = write_request_and_response(ctx, fields, &caller, region, failed);
        if matches!(ctx.variant, GET_OBJECT | PUT_OBJECT) {
            fields.with("requestID", |out| json_support::write_random(out, &mut ctx.rng, Alphabet::Base32, 16));
        } else if !console {
            fields.with("requestID", |out| ctx.rng.uuid_into(out));
        }
        fields.with("eventID", |out| ctx.rng.uuid_into(out));
        fields.bool("readOnly", request.read_only);
        write_resources(ctx, fields, &caller, &request);
        let data_event = matches!(ctx.variant, GET_OBJECT | PUT_OBJECT);
        fields.str("eventType", if console { "AwsConsoleSignIn" } else { "AwsApiCall" });
        fields.bool("managementEvent", !data_event);
        fields.str("recipientAccountId", &account.id);
        fields.str("eventCategory", if data_event { "Data" } else { "Management" });
        write_tls_details(ctx, fields, region, &request);
        if !console && caller.kind == CallerKind::Sso && (agent == CONSOLE_AGENT || agent == S3_CONSOLE_AGENT) {
            fields.str("sessionCredentialFromConsole", "true");
        }
    }

    fn write(&self, _variant: usize, fields: &Fields, out: &mut String) {
        json::write_fields(fields, out);
    }

    fn parse_line(&self, line: &str, state: &mut ParseState) -> Result<Option<Parsed>, ParseError> {
        json_support::parse_line_json(self, line, state)
    }

    fn parse_json(&self, value: &Value, _state: &mut ParseState) -> Result<Option<Parsed>, ParseError> {
        // EventBridge delivers the record under `detail` ("AWS API Call via CloudTrail").
        let record = match value.get("detail") {
            Some(detail) if detail.is_object() && value.get("detail-type").is_some() => detail,
            _ => value,
        };
        let Some(object) = record.as_object() else {
            return Err(ParseError::new(0, "a CloudTrail record is a JSON object"));
        };
        let insight = object.get("eventType").and_then(Value::as_str) == Some("AwsCloudTrailInsight");
        if !object.contains_key("eventTime") || !(object.contains_key("eventName") || insight) {
            return Err(ParseError::new(0, "not a CloudTrail record: eventTime or eventName is missing"));
        }
        let name = object.get("eventName").and_then(Value::as_str).unwrap_or("");
        let mut variant = VARIANTS.iter().find(|v| v.name == name).map(|v| v.name);
        if name == "ConsoleLogin" && login_failed(record) {
            variant = Some(VARIANTS[CONSOLE_LOGIN_FAILURE].name);
        }
        Ok(Some(json_support::flattened(record, variant)))
    }

    /// Returns the CloudTrail endpoint of the event's `awsRegion`
    /// (`cloudtrail.<region>.amazonaws.com`), the service that recorded the event.
    fn collector_host(&self, _world: &World, fields: &Fields) -> Option<String> {
        Some(match fields.get("awsRegion").filter(|region| !region.is_empty()) {
            Some(region) => format!("cloudtrail.{region}.amazonaws.com"),
            None => "cloudtrail.amazonaws.com".to_string(),
        })
    }

    fn to_ocsf(&self, parsed: &Parsed, _options: &ParseOptions) -> Result<Object, ParseError> {
        let fields = &parsed.fields;
        let time = json_support::rfc3339_time(fields, &["eventTime"])?;
        if json_support::text(fields, "eventType") == Some("AwsCloudTrailInsight") {
            return Ok(insight_record(fields, time));
        }
        if json_support::text(fields, "eventSource") == Some("signin.amazonaws.com") {
            return Ok(sign_in_record(fields, time));
        }
        if let Some(activity_id) = account_change_activity(fields) {
            return Ok(account_change_record(fields, time, activity_id));
        }
        Ok(api_record(fields, time))
    }
}

fn pick_aws_account<'w>(world: &'w World, rng: &mut EventRng) -> &'w CloudAccount {
    let count = world.aws_accounts().count();
    // Production carries most of the traffic.
    let index = if count > 1 && rng.chance(600) { 0 } else { rng.index(count) };
    world.aws_accounts().nth(index).unwrap_or(&world.cloud_accounts[0])
}

fn choose_caller<'w>(variant: usize, user: &'w User, account: &'w CloudAccount, rng: &mut EventRng) -> Caller<'w> {
    let kind = match variant {
        CONSOLE_LOGIN => *rng.pick_weighted(&[(CallerKind::Sso, 55), (CallerKind::IamUser, 42), (CallerKind::Root, 3)]),
        CONSOLE_LOGIN_FAILURE => *rng.pick_weighted(&[(CallerKind::IamUser, 85), (CallerKind::Root, 15)]),
        ASSUME_ROLE => *rng.pick_weighted(&[(CallerKind::Service, 45), (CallerKind::Sso, 30), (CallerKind::IamUser, 25)]),
        GET_OBJECT | PUT_OBJECT | GET_SECRET_VALUE | DESCRIBE_INSTANCES => {
            *rng.pick_weighted(&[(CallerKind::Workload, 45), (CallerKind::Sso, 40), (CallerKind::IamUser, 15)])
        }
        _ => *rng.pick_weighted(&[(CallerKind::Sso, 70), (CallerKind::IamUser, 27), (CallerKind::Root, 3)]),
    };
    let writes = !matches!(variant, GET_OBJECT | DESCRIBE_INSTANCES | LIST_BUCKETS | GET_SECRET_VALUE | CONSOLE_LOGIN | CONSOLE_LOGIN_FAILURE | ASSUME_ROLE);
    let role = match kind {
        // Changes come from the write-capable permission sets, and admins use the widest one more often.
        CallerKind::Sso => {
            let admin = if user.admin { 3 } else { 0 };
            let read_only = if writes { 0 } else { 5 };
            SSO_ROLES[rng.weighted(&[read_only, 4, 1 + admin])]
        }
        CallerKind::Workload => rng.pick_str(WORKLOAD_ROLES),
        CallerKind::Service => rng.pick_str(SERVICE_PRINCIPALS),
        CallerKind::IamUser | CallerKind::Root => "",
    };
    Caller { kind, user, account, role }
}

fn event_name(variant: usize) -> (&'static str, &'static str) {
    let source = match variant {
        GET_OBJECT | PUT_OBJECT | LIST_BUCKETS => "s3.amazonaws.com",
        DESCRIBE_INSTANCES | RUN_INSTANCES | AUTHORIZE_INGRESS => "ec2.amazonaws.com",
        ASSUME_ROLE => "sts.amazonaws.com",
        GET_SECRET_VALUE => "secretsmanager.amazonaws.com",
        CONSOLE_LOGIN | CONSOLE_LOGIN_FAILURE => "signin.amazonaws.com",
        CREATE_USER | ATTACH_USER_POLICY | CREATE_ACCESS_KEY => "iam.amazonaws.com",
        STOP_LOGGING | DELETE_TRAIL => "cloudtrail.amazonaws.com",
        _ => "cloudtrail.amazonaws.com",
    };
    let name = if variant == CONSOLE_LOGIN_FAILURE { "ConsoleLogin" } else { VARIANTS[variant].name };
    (source, name)
}

/// Writes the `userIdentity` element.
fn write_user_identity(ctx: &mut GenContext<'_>, fields: &mut Fields, caller: &Caller<'_>) {
    let account = caller.account.id.as_str();
    let username = caller.user.username.as_str();
    let failure = ctx.variant == CONSOLE_LOGIN_FAILURE;
    match caller.kind {
        CallerKind::IamUser => {
            // A failed console sign-in for an unknown name hides the name.
            let hidden = failure && ctx.rng.chance(200);
            fields.str("userIdentity.type", "IAMUser");
            if !hidden {
                fields.with("userIdentity.principalId", |out| json_support::write_stable_id(out, "AIDA", Alphabet::Base32, 17, &[account, username]));
            }
            if !failure {
                fields.fmt("userIdentity.arn", format_args!("arn:aws:iam::{account}:user/{username}"));
            }
            fields.str("userIdentity.accountId", account);
            if failure {
                fields.str("userIdentity.accessKeyId", "");
            } else if !matches!(ctx.variant, CONSOLE_LOGIN) {
                fields.with("userIdentity.accessKeyId", |out| json_support::write_stable_id(out, "AKIA", Alphabet::Base32, 16, &[account, username, "key"]));
            }
            fields.str("userIdentity.userName", if hidden { "HIDDEN_DUE_TO_SECURITY_REASONS" } else { username });
        }
        CallerKind::Root => {
            fields.str("userIdentity.type", "Root");
            fields.str("userIdentity.principalId", account);
            fields.fmt("userIdentity.arn", format_args!("arn:aws:iam::{account}:root"));
            fields.str("userIdentity.accountId", account);
            if matches!(ctx.variant, CONSOLE_LOGIN | CONSOLE_LOGIN_FAILURE) {
                if failure {
                    fields.str("userIdentity.accessKeyId", "");
                }
                return;
            }
            fields.with("userIdentity.accessKeyId", |out| json_support::write_random(out, &mut ctx.rng, Alphabet::Base32, 20));
            write_session_context(ctx, fields, None, true);
        }
        CallerKind::Sso | CallerKind::Workload => {
            let role = RoleIds::new(account, caller.role, caller.kind == CallerKind::Sso);
            let token = ctx.rng.next_u64();
            let time = ctx.time;
            fields.str("userIdentity.type", "AssumedRole");
            fields.with("userIdentity.principalId", |out| {
                out.push_str(role.id.as_str());
                out.push(':');
                write_identity_session_name(out, caller, token, time);
            });
            fields.with("userIdentity.arn", |out| {
                let _ = write!(out, "arn:aws:sts::{account}:assumed-role/{}/", role.name());
                write_identity_session_name(out, caller, token, time);
            });
            fields.str("userIdentity.accountId", account);
            if ctx.variant != CONSOLE_LOGIN {
                fields.with("userIdentity.accessKeyId", |out| {
                    out.push_str("ASIA");
                    json_support::write_random(out, &mut ctx.rng, Alphabet::Base32, 16);
                });
            }
            // A console sign-in starts the session, so its record has no session context yet.
            if ctx.variant != CONSOLE_LOGIN {
                write_session_context(ctx, fields, Some((&role, caller.account.region.as_str())), false);
            }
        }
        CallerKind::Service => {
            fields.str("userIdentity.type", "AWSService");
            fields.str("userIdentity.invokedBy", caller.role);
        }
    }
}

/// Writes `userIdentity.sessionContext`. `issuer` is the role of a role session and the
/// account's home region, and `None` for the root user.
fn write_session_context(ctx: &mut GenContext<'_>, fields: &mut Fields, issuer: Option<(&RoleIds<'_>, &str)>, mfa: bool) {
    if let Some((role, region)) = issuer {
        let account = role.account;
        fields.str("userIdentity.sessionContext.sessionIssuer.type", "Role");
        fields.str("userIdentity.sessionContext.sessionIssuer.principalId", role.id.as_str());
        if role.sso {
            fields.fmt(
                "userIdentity.sessionContext.sessionIssuer.arn",
                format_args!("arn:aws:iam::{account}:role/aws-reserved/sso.amazonaws.com/{region}/{}", role.name()),
            );
        } else {
            fields.fmt("userIdentity.sessionContext.sessionIssuer.arn", format_args!("arn:aws:iam::{account}:role/{}", role.name()));
        }
        fields.str("userIdentity.sessionContext.sessionIssuer.accountId", account);
        fields.fmt("userIdentity.sessionContext.sessionIssuer.userName", format_args!("{}", role.name()));
        fields.json("userIdentity.sessionContext.webIdFederationData", "{}");
    }
    let created = ctx.time.add_nanos(-(ctx.rng.range(30, 7_200) as i64) * 1_000_000_000);
    fields.with("userIdentity.sessionContext.attributes.creationDate", |out| created.write_rfc3339(out, 0));
    fields.str("userIdentity.sessionContext.attributes.mfaAuthenticated", if mfa { "true" } else { "false" });
}

/// The identifiers of one IAM role, derived once because the identity repeats them.
struct RoleIds<'a> {
    account: &'a str,
    /// Role name without the suffix Identity Center adds.
    base: &'a str,
    /// Whether Identity Center created the role (`AWSReservedSSO_<set>_<hex>`).
    sso: bool,
    /// Unique role id, `AROA` and 17 characters.
    id: json_support::ShortId,
    /// The 16 hex digits Identity Center appends to a permission set role's name.
    suffix: json_support::ShortId,
}

impl<'a> RoleIds<'a> {
    fn new(account: &'a str, base: &'a str, sso: bool) -> Self {
        RoleIds {
            account,
            base,
            sso,
            id: json_support::ShortId::stable("AROA", Alphabet::Base32, 17, &[account, base]),
            suffix: json_support::ShortId::stable("", Alphabet::Hex, if sso { 16 } else { 0 }, &[account, base]),
        }
    }

    /// The role name, with the Identity Center suffix when there is one.
    fn name(&self) -> RoleName<'_> {
        RoleName(self)
    }
}

/// Displays a role name without building a `String`.
struct RoleName<'r>(&'r RoleIds<'r>);

impl std::fmt::Display for RoleName<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.0.base)?;
        if self.0.sso {
            f.write_str("_")?;
            f.write_str(self.0.suffix.as_str())?;
        }
        Ok(())
    }
}

fn write_source_address(ctx: &mut GenContext<'_>, fields: &mut Fields, caller: &Caller<'_>) {
    let world = ctx.world;
    if caller.kind == CallerKind::Service {
        fields.str("sourceIPAddress", caller.role);
        return;
    }
    // Failed console sign-ins come from the internet more often than other calls.
    let outside = if ctx.variant == CONSOLE_LOGIN_FAILURE { 400 } else { 15 };
    let address = if ctx.rng.chance(outside) { ctx.rng.pick(&world.external_addresses) } else { ctx.rng.pick(&world.nat_addresses) };
    fields.fmt("sourceIPAddress", format_args!("{address}"));
}

/// Writes `errorCode` and `errorMessage` for the share of calls that fail, and returns whether
/// the call failed.
fn write_error(ctx: &mut GenContext<'_>, fields: &mut Fields) -> bool {
    let (per_mille, code) = match ctx.variant {
        CONSOLE_LOGIN_FAILURE => (1000, ""),
        GET_SECRET_VALUE => (30, "AccessDenied"),
        ASSUME_ROLE => (20, "AccessDenied"),
        DESCRIBE_INSTANCES => (10, "Client.UnauthorizedOperation"),
        GET_OBJECT => (15, "AccessDenied"),
        _ => (0, ""),
    };
    if per_mille == 0 || !ctx.rng.chance(per_mille) {
        return false;
    }
    if ctx.variant == CONSOLE_LOGIN_FAILURE {
        fields.str("errorMessage", "Failed authentication");
        return true;
    }
    fields.str("errorCode", code);
    let arn = fields.get("userIdentity.arn").unwrap_or("").to_string();
    let action = match ctx.variant {
        GET_SECRET_VALUE => "secretsmanager:GetSecretValue",
        ASSUME_ROLE => "sts:AssumeRole",
        GET_OBJECT => "s3:GetObject",
        _ => "ec2:DescribeInstances",
    };
    if ctx.variant == DESCRIBE_INSTANCES {
        fields.str("errorMessage", "You are not authorized to perform this operation.");
    } else {
        fields.fmt("errorMessage", format_args!("User: {arn} is not authorized to perform: {action} because no identity-based policy allows the {action} action"));
    }
    true
}

/// Writes `requestParameters`, `responseElements` and `additionalEventData`.
fn write_request_and_response(ctx: &mut GenContext<'_>, fields: &mut Fields, caller: &Caller<'_>, region: &str, failed: bool) -> Request {
    let account = caller.account.id.as_str();
    let organisation = ctx.world.organisation.as_str();
    match ctx.variant {
        CONSOLE_LOGIN | CONSOLE_LOGIN_FAILURE => {
            fields.null("requestParameters");
            fields.str("responseElements.ConsoleLogin", if failed { "Failure" } else { "Success" });
            fields.str("additionalEventData.LoginTo", "https://console.aws.amazon.com/console/home?state=hashArgs%23&isauthcode=true");
            fields.str("additionalEventData.MobileVersion", "No");
            let mfa = !failed && caller.kind != CallerKind::Sso && ctx.rng.chance(750);
            if mfa {
                fields.fmt(
                    "additionalEventData.MFAIdentifier",
                    format_args!("arn:aws:iam::{account}:mfa/{}", if caller.kind == CallerKind::Root { "root-account-mfa-device" } else { caller.user.username.as_str() }),
                );
            }
            fields.str("additionalEventData.MFAUsed", if mfa { "Yes" } else { "No" });
            if caller.kind == CallerKind::Sso {
                fields.fmt("additionalEventData.SamlProviderArn", format_args!("arn:aws:iam::{account}:saml-provider/AWSSSO_{}_DO_NOT_DELETE", &account[..4]));
            }
            Request::default()
        }
        GET_OBJECT | PUT_OBJECT => {
            let suffix = ctx.rng.pick_str(BUCKET_SUFFIXES);
            let key = ctx.rng.pick_str(OBJECT_KEYS);
            fields.fmt("requestParameters.bucketName", format_args!("{organisation}-{suffix}"));
            fields.fmt("requestParameters.Host", format_args!("{organisation}-{suffix}.s3.{region}.amazonaws.com"));
            fields.str("requestParameters.key", key);
            if ctx.variant == PUT_OBJECT && !failed {
                fields.str("responseElements.x-amz-server-side-encryption", "aws:kms");
                fields.with("responseElements.x-amz-server-side-encryption-aws-kms-key-id", |out| {
                    let _ = write!(out, "arn:aws:kms:{region}:{account}:key/");
                    json_support::write_stable_uuid(out, &[account, "s3-default-key"]);
                });
            } else {
                fields.null("responseElements");
            }
            let bytes = ctx.rng.range(512, 48_000_000) as i64;
            fields.str("additionalEventData.SignatureVersion", "SigV4");
            fields.str("additionalEventData.CipherSuite", "TLS_AES_128_GCM_SHA256");
            fields.int("additionalEventData.bytesTransferredIn", if ctx.variant == PUT_OBJECT { bytes } else { 0 });
            fields.str("additionalEventData.AuthenticationMethod", "AuthHeader");
            fields.with("additionalEventData.x-amz-id-2", |out| json_support::write_random(out, &mut ctx.rng, Alphabet::Alphanumeric, 76));
            fields.int("additionalEventData.bytesTransferredOut", if ctx.variant == GET_OBJECT && !failed { bytes } else { 0 });
            Request {
                read_only: ctx.variant == GET_OBJECT,
                bucket: suffix,
                key,
                ..Request::default()
            }
        }
        LIST_BUCKETS => {
            fields.str("requestParameters.Host", "s3.amazonaws.com");
            fields.null("responseElements");
            fields.str("additionalEventData.SignatureVersion", "SigV4");
            fields.str("additionalEventData.CipherSuite", "TLS_AES_128_GCM_SHA256");
            fields.int("additionalEventData.bytesTransferredIn", 0);
            fields.str("additionalEventData.AuthenticationMethod", "AuthHeader");
            fields.with("additionalEventData.x-amz-id-2", |out| json_support::write_random(out, &mut ctx.rng, Alphabet::Alphanumeric, 76));
            fields.int("additionalEventData.bytesTransferredOut", ctx.rng.range(400, 6_000) as i64);
            Request {
                read_only: true,
                ..Request::default()
            }
        }
        DESCRIBE_INSTANCES => {
            if ctx.rng.chance(500) {
                fields.json_with("requestParameters.instancesSet.items", |out| {
                    out.push_str("[{\"instanceId\":\"i-0");
                    json_support::write_random(out, &mut ctx.rng, Alphabet::Hex, 16);
                    out.push_str("\"}]");
                });
            } else {
                fields.json("requestParameters.instancesSet", "{}");
            }
            fields.json("requestParameters.filterSet", "{}");
            fields.null("responseElements");
            Request {
                read_only: true,
                ..Request::default()
            }
        }
        ASSUME_ROLE => {
            let role = ctx.rng.pick_str(ASSUMABLE_ROLES);
            let time = ctx.time;
            fields.fmt("requestParameters.roleArn", format_args!("arn:aws:iam::{account}:role/{role}"));
            fields.with("requestParameters.roleSessionName", |out| write_role_session_name(out, caller, role, time));
            fields.int("requestParameters.durationSeconds", if ctx.rng.chance(700) { 3600 } else { 43_200 });
            if failed {
                fields.null("responseElements");
            } else {
                let expires = time.add_nanos(3_600 * 1_000_000_000);
                fields.with("responseElements.credentials.accessKeyId", |out| {
                    out.push_str("ASIA");
                    json_support::write_random(out, &mut ctx.rng, Alphabet::Base32, 16);
                });
                fields.with("responseElements.credentials.sessionToken", |out| {
                    out.push_str("IQoJb3JpZ2luX2VjE");
                    json_support::write_random(out, &mut ctx.rng, Alphabet::Alphanumeric, 96);
                });
                fields.with("responseElements.credentials.expiration", |out| json_support::write_java_date(out, expires));
                fields.with("responseElements.assumedRoleUser.assumedRoleId", |out| {
                    json_support::write_stable_id(out, "AROA", Alphabet::Base32, 17, &[account, role]);
                    out.push(':');
                    write_role_session_name(out, caller, role, time);
                });
                fields.with("responseElements.assumedRoleUser.arn", |out| {
                    let _ = write!(out, "arn:aws:sts::{account}:assumed-role/{role}/");
                    write_role_session_name(out, caller, role, time);
                });
            }
            Request {
                read_only: true,
                role,
                ..Request::default()
            }
        }
        GET_SECRET_VALUE => {
            let secret = ctx.rng.pick_str(SECRET_NAMES);
            fields.str("requestParameters.secretId", secret);
            fields.null("responseElements");
            Request {
                read_only: true,
                ..Request::default()
            }
        }
        RUN_INSTANCES => {
            write_run_instances(ctx, fields, account, failed);
            Request::default()
        }
        AUTHORIZE_INGRESS => {
            let port = *ctx.rng.pick(&[22i64, 443, 3389, 5432, 8080]);
            let cidr = if ctx.rng.chance(250) { "0.0.0.0/0" } else { "10.0.0.0/8" };
            fields.with("requestParameters.groupId", |out| {
                out.push_str("sg-0");
                json_support::write_stable_id(out, "", Alphabet::Hex, 16, &[account, "app-sg"]);
            });
            fields.json_with("requestParameters.ipPermissions.items", |out| {
                let _ = write!(
                    out,
                    "[{{\"ipProtocol\":\"tcp\",\"fromPort\":{port},\"toPort\":{port},\"groups\":{{}},\"ipRanges\":{{\"items\":[{{\"cidrIp\":\"{cidr}\"}}]}},\"ipv6Ranges\":{{}},\"prefixListIds\":{{}}}}]"
                );
            });
            fields.with("responseElements.requestId", |out| ctx.rng.uuid_into(out));
            fields.bool("responseElements._return", true);
            fields.json_with("responseElements.securityGroupRuleSet.items", |out| {
                out.push_str("[{\"groupOwnerId\":\"");
                out.push_str(account);
                out.push_str("\",\"groupId\":\"sg-0");
                json_support::write_stable_id(out, "", Alphabet::Hex, 16, &[account, "app-sg"]);
                out.push_str("\",\"securityGroupRuleId\":\"sgr-0");
                json_support::write_random(out, &mut ctx.rng, Alphabet::Hex, 16);
                let _ = write!(out, "\",\"isEgress\":false,\"ipProtocol\":\"tcp\",\"fromPort\":{port},\"toPort\":{port},\"cidrIpv4\":\"{cidr}\"}}]");
            });
            Request::default()
        }
        CREATE_USER | ATTACH_USER_POLICY | CREATE_ACCESS_KEY => {
            let target = ctx.rng.pick_str(NEW_USERS);
            fields.str("requestParameters.userName", target);
            match ctx.variant {
                CREATE_USER => {
                    fields.str("responseElements.user.path", "/");
                    fields.str("responseElements.user.userName", target);
                    fields.with("responseElements.user.userId", |out| json_support::write_stable_id(out, "AIDA", Alphabet::Base32, 17, &[account, target]));
                    fields.fmt("responseElements.user.arn", format_args!("arn:aws:iam::{account}:user/{target}"));
                    let time = ctx.time;
                    fields.with("responseElements.user.createDate", |out| json_support::write_java_date(out, time));
                }
                ATTACH_USER_POLICY => {
                    let policy = POLICIES[ctx.rng.weighted(&[5, 3, 1, 1])];
                    fields.str("requestParameters.policyArn", policy);
                    fields.null("responseElements");
                }
                _ => {
                    fields.with("responseElements.accessKey.accessKeyId", |out| {
                        out.push_str("AKIA");
                        json_support::write_random(out, &mut ctx.rng, Alphabet::Base32, 16);
                    });
                    fields.str("responseElements.accessKey.status", "Active");
                    fields.str("responseElements.accessKey.userName", target);
                    let time = ctx.time;
                    fields.with("responseElements.accessKey.createDate", |out| json_support::write_java_date(out, time));
                }
            }
            Request::default()
        }
        _ => {
            // StopLogging and DeleteTrail name the trail by ARN.
            let trail = ctx.rng.pick_str(TRAIL_NAMES);
            fields.fmt("requestParameters.name", format_args!("arn:aws:cloudtrail:{region}:{account}:trail/{trail}"));
            fields.null("responseElements");
            Request::default()
        }
    }
}

/// Appends the session name of a role session caller: the employee's email for Identity
/// Center, a task id or a timestamped name for workloads, derived from `token`.
fn write_identity_session_name(out: &mut String, caller: &Caller<'_>, token: u64, time: Timestamp) {
    match caller.kind {
        CallerKind::Sso => out.push_str(&caller.user.email),
        _ if caller.role == "orders-api-task" => {
            let _ = write!(out, "{token:016x}{:016x}", crate::seed::splitmix64(token));
        }
        _ => {
            let _ = write!(out, "{}-session-{}", caller.role, time.secs() - 60 - (token % 2_940) as i64);
        }
    }
}

/// Appends the session name a caller gives `AssumeRole`: the employee's login, or the role and
/// a timestamp for services.
fn write_role_session_name(out: &mut String, caller: &Caller<'_>, role: &str, time: Timestamp) {
    match caller.kind {
        CallerKind::Service => {
            let _ = write!(out, "{role}-{}", time.secs());
        }
        _ => out.push_str(&caller.user.username),
    }
}

fn write_run_instances(ctx: &mut GenContext<'_>, fields: &mut Fields, account: &str, failed: bool) {
    let instance_type = ctx.rng.pick_str(INSTANCE_TYPES);
    let count = if ctx.rng.chance(850) { 1 } else { ctx.rng.range(2, 4) };
    fields.json_with("requestParameters.instancesSet.items", |out| {
        out.push_str("[{\"imageId\":\"ami-0");
        json_support::write_stable_id(out, "", Alphabet::Hex, 16, &[account, "golden-ami"]);
        let _ = write!(out, "\",\"minCount\":{count},\"maxCount\":{count}}}]");
    });
    fields.str("requestParameters.instanceType", instance_type);
    fields.json("requestParameters.blockDeviceMapping", "{}");
    fields.bool("requestParameters.monitoring.enabled", false);
    fields.bool("requestParameters.disableApiTermination", false);
    fields.bool("requestParameters.disableApiStop", false);
    fields.with("requestParameters.clientToken", |out| ctx.rng.uuid_into(out));
    if failed {
        fields.null("responseElements");
        return;
    }
    fields.with("responseElements.requestId", |out| ctx.rng.uuid_into(out));
    fields.with("responseElements.reservationId", |out| {
        out.push_str("r-0");
        json_support::write_random(out, &mut ctx.rng, Alphabet::Hex, 16);
    });
    fields.str("responseElements.ownerId", account);
    fields.json("responseElements.groupSet", "{}");
    let subnet = ctx.rng.range(1, 250);
    fields.json_with("responseElements.instancesSet.items", |out| {
        out.push('[');
        for i in 0..count {
            if i > 0 {
                out.push(',');
            }
            out.push_str("{\"instanceId\":\"i-0");
            json_support::write_random(out, &mut ctx.rng, Alphabet::Hex, 16);
            out.push_str("\",\"imageId\":\"ami-0");
            json_support::write_stable_id(out, "", Alphabet::Hex, 16, &[account, "golden-ami"]);
            let host = ctx.rng.range(4, 250);
            let _ = write!(
                out,
                "\",\"instanceState\":{{\"code\":0,\"name\":\"pending\"}},\"privateIpAddress\":\"10.20.{subnet}.{host}\",\"instanceType\":\"{instance_type}\",\"amiLaunchIndex\":{i}}}"
            );
        }
        out.push(']');
    });
}

/// Writes `resources`, the ARNs CloudTrail lists for data events and STS calls.
fn write_resources(ctx: &GenContext<'_>, fields: &mut Fields, caller: &Caller<'_>, request: &Request) {
    let account = caller.account.id.as_str();
    let organisation = ctx.world.organisation.as_str();
    let (bucket, key, role) = (request.bucket, request.key, request.role);
    match ctx.variant {
        GET_OBJECT | PUT_OBJECT => fields.json_with("resources", |out| {
            let _ = write!(
                out,
                "[{{\"type\":\"AWS::S3::Object\",\"ARN\":\"arn:aws:s3:::{organisation}-{bucket}/{key}\"}},{{\"accountId\":\"{account}\",\"type\":\"AWS::S3::Bucket\",\"ARN\":\"arn:aws:s3:::{organisation}-{bucket}\"}}]"
            );
        }),
        ASSUME_ROLE => fields.json_with("resources", |out| {
            let _ = write!(out, "[{{\"accountId\":\"{account}\",\"type\":\"AWS::IAM::Role\",\"ARN\":\"arn:aws:iam::{account}:role/{role}\"}}]");
        }),
        _ => {}
    }
}

fn write_tls_details(ctx: &mut GenContext<'_>, fields: &mut Fields, region: &str, request: &Request) {
    let tls13 = ctx.rng.chance(850);
    fields.str("tlsDetails.tlsVersion", if tls13 { "TLSv1.3" } else { "TLSv1.2" });
    fields.str("tlsDetails.cipherSuite", if tls13 { "TLS_AES_128_GCM_SHA256" } else { "ECDHE-RSA-AES128-GCM-SHA256" });
    let organisation = ctx.world.organisation.as_str();
    let host = "tlsDetails.clientProvidedHostHeader";
    match ctx.variant {
        GET_OBJECT | PUT_OBJECT => fields.fmt(host, format_args!("{organisation}-{}.s3.{region}.amazonaws.com", request.bucket)),
        LIST_BUCKETS => fields.str(host, "s3.amazonaws.com"),
        CONSOLE_LOGIN | CONSOLE_LOGIN_FAILURE => fields.str(host, "signin.aws.amazon.com"),
        CREATE_USER | ATTACH_USER_POLICY | CREATE_ACCESS_KEY => fields.str(host, "iam.amazonaws.com"),
        DESCRIBE_INSTANCES | RUN_INSTANCES | AUTHORIZE_INGRESS => fields.fmt(host, format_args!("ec2.{region}.amazonaws.com")),
        ASSUME_ROLE => fields.fmt(host, format_args!("sts.{region}.amazonaws.com")),
        GET_SECRET_VALUE => fields.fmt(host, format_args!("secretsmanager.{region}.amazonaws.com")),
        _ => fields.fmt(host, format_args!("cloudtrail.{region}.amazonaws.com")),
    }
}

/// True when a `ConsoleLogin` record reports a failed sign-in.
fn login_failed(record: &Value) -> bool {
    record.pointer("/responseElements/ConsoleLogin").and_then(Value::as_str) == Some("Failure")
        || record.get("errorMessage").and_then(Value::as_str).is_some_and(|m| !m.is_empty())
}

/// Returns the API Activity `activity_id` of an API name from its verb: 1 Create, 2 Read,
/// 3 Update, 4 Delete, 99 Other.
fn api_activity_of(name: &str) -> u32 {
    const CREATE: &[&str] = &["Create", "Run", "Allocate", "Import", "Copy", "Generate", "Register", "Issue", "Request", "Publish", "Send", "Invoke"];
    const READ: &[&str] = &["Get", "Describe", "List", "Lookup", "Head", "Search", "Select", "Scan", "Query", "BatchGet", "Download", "Check", "Verify", "Decrypt", "Test", "View"];
    const UPDATE: &[&str] = &[
        "Update", "Modify", "Put", "Set", "Attach", "Detach", "Authorize", "Revoke", "Enable", "Disable", "Start", "Stop", "Reboot", "Associate", "Disassociate", "Add", "Remove", "Tag",
        "Untag", "Change", "Reset", "Replace", "Restore", "Apply", "Edit", "Accept", "Reject", "Cancel", "Upload", "Assign", "Unassign", "Rotate", "Encrypt", "Assume",
    ];
    const DELETE: &[&str] = &["Delete", "Terminate", "Deregister", "Release", "Purge", "Destroy", "Deactivate"];
    let starts = |verbs: &[&str]| verbs.iter().any(|verb| name.strip_prefix(verb).is_some_and(|rest| rest.is_empty() || rest.starts_with(|c: char| c.is_ascii_uppercase())));
    if name == "PutObject" || name == "CopyObject" {
        return 1;
    }
    if starts(READ) {
        2
    } else if starts(DELETE) {
        4
    } else if starts(CREATE) {
        1
    } else if starts(UPDATE) {
        3
    } else {
        99
    }
}

/// Sets the attributes every CloudTrail record shares: metadata and the cloud account.
fn set_common(record: &mut RecordBuilder, fields: &FieldMap) {
    record.set_str("metadata.uid", json_support::text(fields, "eventID"));
    record.set_str("metadata.log_version", json_support::text(fields, "eventVersion"));
    record.set_str("metadata.event_code", json_support::text(fields, "eventName"));
    record.set("metadata.profiles", vec![Value::from("cloud")]);
    record.set("cloud.provider", "AWS");
    record.set_str("cloud.region", json_support::text(fields, "awsRegion"));
    if let Some(account) = json_support::first_text(fields, &["recipientAccountId", "userIdentity.accountId"]) {
        record.set("cloud.account.uid", account);
        record.set("cloud.account.type", "AWS Account");
        record.set("cloud.account.type_id", 10);
    }
}

/// Sets the OCSF `user` object at `path` (`actor.user` or `user`) from `userIdentity`, and
/// returns false when the record names no user.
fn set_user(record: &mut RecordBuilder, fields: &FieldMap, path: &str) -> bool {
    let text = |name: &str| json_support::text(fields, name);
    let kind = text("userIdentity.type").unwrap_or("");
    let arn = text("userIdentity.arn");
    let name = match kind {
        "Root" => Some("root"),
        "AssumedRole" | "FederatedUser" => arn.and_then(|a| a.rsplit('/').next()),
        _ => json_support::first_text(fields, &["userIdentity.userName", "additionalEventData.UserName", "userIdentity.onBehalfOf.userId"]),
    };
    let uid = json_support::first_text(fields, &["userIdentity.principalId", "userIdentity.onBehalfOf.userId"]);
    if name.is_none() && uid.is_none() && arn.is_none() {
        return false;
    }
    record.set_str(format!("{path}.name"), name);
    record.set_str(format!("{path}.uid"), uid);
    record.set_str(format!("{path}.uid_alt"), arn);
    // Identity Center users (`IdentityCenterUser`) sign with `credentialId` in place of an
    // access key.
    record.set_str(format!("{path}.credential_uid"), json_support::first_text(fields, &["userIdentity.accessKeyId", "userIdentity.credentialId"]));
    let (type_id, caption) = match kind {
        "IAMUser" | "IdentityCenterUser" => (1, "User"),
        "Root" => (2, "Admin"),
        "AWSService" => (4, "Service"),
        "" | "Unknown" => (0, "Unknown"),
        other => (99, other),
    };
    record.set(format!("{path}.type_id"), type_id);
    record.set(format!("{path}.type"), caption);
    if let Some(account) = text("userIdentity.accountId") {
        record.set(format!("{path}.account.uid"), account);
        record.set(format!("{path}.account.type"), "AWS Account");
        record.set(format!("{path}.account.type_id"), 10);
    }
    true
}

/// Sets `src_endpoint` from `sourceIPAddress`, which contains an address, a service principal
/// (`lambda.amazonaws.com`) or `AWS Internal`.
fn set_source(record: &mut RecordBuilder, fields: &FieldMap) {
    match json_support::text(fields, "sourceIPAddress") {
        Some(address) if address.parse::<IpAddr>().is_ok() => record.set("src_endpoint.ip", address),
        Some(service) if service.ends_with(".amazonaws.com") => record.set("src_endpoint.svc_name", service),
        Some(other) => record.set("src_endpoint.name", other),
        None => record.set("src_endpoint.svc_name", json_support::text(fields, "eventSource").unwrap_or("unknown")),
    };
}

fn api_record(fields: &FieldMap, time: Timestamp) -> Object {
    let text = |name: &str| json_support::text(fields, name);
    let name = text("eventName").unwrap_or("Unknown");
    let mut record = RecordBuilder::new(class::API_ACTIVITY, api_activity_of(name), time, &META);
    set_common(&mut record, fields);

    if !set_user(&mut record, fields, "actor.user") && text("userIdentity.invokedBy").is_none() {
        record.set("actor.app_name", text("eventSource").unwrap_or("AWS"));
    }
    record.set_str("actor.invoked_by", text("userIdentity.invokedBy"));
    if let Some(created) = text("userIdentity.sessionContext.attributes.creationDate").and_then(|t| crate::timestamp::parse_rfc3339(t).ok()) {
        record.set("actor.session.created_time", created.millis());
    }
    if let Some(mfa) = json_support::boolean(fields, "userIdentity.sessionContext.attributes.mfaAuthenticated") {
        record.set("actor.session.is_mfa", mfa);
    }
    record.set_str("actor.session.issuer", text("userIdentity.sessionContext.sessionIssuer.arn"));
    record.set_str("actor.session.credential_uid", text("userIdentity.accessKeyId"));

    record.set("api.operation", name);
    record.set_str("api.service.name", text("eventSource"));
    record.set_str("api.version", text("apiVersion"));
    if let Some(request_id) = text("requestID") {
        record.set("api.request.uid", request_id);
        if let Some(data) = json_support::unflatten_prefix(fields, "requestParameters").filter(Value::is_object) {
            record.set("api.request.data", data);
        }
    }
    record.set_str("api.response.error", text("errorCode"));
    record.set_str("api.response.error_message", text("errorMessage"));
    if let Some(data) = json_support::unflatten_prefix(fields, "responseElements").filter(Value::is_object) {
        record.set("api.response.data", data);
    }

    set_source(&mut record, fields);
    record.set_str("dst_endpoint.svc_name", text("eventSource"));
    record.set_str("http_request.user_agent", text("userAgent"));
    if let Some(Value::Array(resources)) = fields.get("resources") {
        let details: Vec<Value> = resources
            .iter()
            .filter_map(|resource| {
                let uid = resource.get("ARN").or_else(|| resource.get("arn")).and_then(Value::as_str)?;
                let mut detail = Map::new();
                detail.insert("uid".into(), uid.into());
                if let Some(kind) = resource.get("type").and_then(Value::as_str) {
                    detail.insert("type".into(), kind.into());
                }
                Some(Value::Object(detail))
            })
            .collect();
        if !details.is_empty() {
            record.set("resources", details);
        }
    }

    match text("errorCode") {
        Some(code) => {
            record.status(ocsf::status::FAILURE).set("status", "Failure").set("status_code", code);
            record.set_str("status_detail", text("errorMessage"));
            record.severity(ocsf::severity::LOW);
        }
        None => {
            record.status(ocsf::status::SUCCESS).set("status", "Success");
        }
    }
    record.build()
}

/// Returns the Account Change `activity_id` of an IAM call that changes one IAM user, named
/// in `requestParameters.userName`, or `None` for other calls.
fn account_change_activity(fields: &FieldMap) -> Option<u32> {
    if json_support::text(fields, "eventSource") != Some("iam.amazonaws.com") || json_support::text(fields, "requestParameters.userName").is_none() {
        return None;
    }
    let activity_id = match json_support::text(fields, "eventName")? {
        "CreateUser" => 1,
        "EnableMFADevice" => 10,
        "CreateLoginProfile" => 2,
        "UpdateLoginProfile" | "ChangePassword" => 3,
        "DeleteLoginProfile" => 5,
        "DeleteUser" => 6,
        "AttachUserPolicy" | "PutUserPolicy" | "AddUserToGroup" => 7,
        "DetachUserPolicy" | "DeleteUserPolicy" | "RemoveUserFromGroup" => 8,
        "DeactivateMFADevice" | "DeleteVirtualMFADevice" => 11,
        _ => return None,
    };
    Some(activity_id)
}

/// Maps IAM calls that create, change or delete an IAM user to Account Change: `user` is the
/// changed user and `actor` the caller.
fn account_change_record(fields: &FieldMap, time: Timestamp, activity_id: u32) -> Object {
    let text = |name: &str| json_support::text(fields, name);
    let mut record = RecordBuilder::new(class::ACCOUNT_CHANGE, activity_id, time, &META);
    set_common(&mut record, fields);
    if !set_user(&mut record, fields, "actor.user") && text("userIdentity.invokedBy").is_none() {
        record.set("actor.app_name", text("eventSource").unwrap_or("AWS"));
    }
    record.set_str("actor.invoked_by", text("userIdentity.invokedBy"));
    record.set("user.name", text("requestParameters.userName").unwrap_or("unknown"));
    record.set_str("user.uid", text("responseElements.user.userId"));
    record.set_str("user.uid_alt", text("responseElements.user.arn"));
    if let Some(account) = text("recipientAccountId") {
        record.set("user.account.uid", account).set("user.account.type", "AWS Account").set("user.account.type_id", 10);
    }
    if let Some(policy) = text("requestParameters.policyArn").or_else(|| text("requestParameters.policyName")) {
        record.set("policy.name", policy.rsplit('/').next().unwrap_or(policy));
        record.set("policy.uid", policy);
    }
    set_source(&mut record, fields);
    match text("errorCode") {
        Some(code) => {
            record.status(ocsf::status::FAILURE).set("status", "Failure").set("status_code", code);
            record.set_str("status_detail", text("errorMessage"));
            record.severity(ocsf::severity::LOW);
        }
        None => {
            record.status(ocsf::status::SUCCESS).set("status", "Success");
        }
    }
    record.build()
}

/// Maps sign-in events (`signin.amazonaws.com`) to Authentication.
fn sign_in_record(fields: &FieldMap, time: Timestamp) -> Object {
    let text = |name: &str| json_support::text(fields, name);
    let name = text("eventName").unwrap_or("");
    let activity = match name {
        "ConsoleLogin" | "CredentialVerification" | "CredentialChallenge" | "UserAuthentication" | "CheckMfa" | "PasswordRecoveryCompleted" => 1,
        "SwitchRole" => 7,
        "ExitRole" | "ConsoleLogout" | "Logout" => 2,
        _ => 99,
    };
    let mut record = RecordBuilder::new(class::AUTHENTICATION, activity, time, &META);
    set_common(&mut record, fields);
    if !set_user(&mut record, fields, "user") {
        record.set("user.name", "unknown");
    }

    let outcome = text("responseElements.ConsoleLogin").or_else(|| text(&format!("serviceEventDetails.{name}")));
    let failed = match outcome {
        Some(result) => !result.eq_ignore_ascii_case("success"),
        None => text("errorMessage").is_some() || text("errorCode").is_some(),
    };
    if failed {
        record.status(ocsf::status::FAILURE).set("status", "Failure").severity(ocsf::severity::LOW);
        record.set_str("status_detail", text("errorMessage"));
    } else {
        record.status(ocsf::status::SUCCESS).set("status", "Success");
    }
    if let Some(mfa) = text("additionalEventData.MFAUsed") {
        record.set("is_mfa", mfa.eq_ignore_ascii_case("yes"));
    }
    if text("additionalEventData.SamlProviderArn").is_some() {
        record.set("auth_protocol", "SAML").set("auth_protocol_id", 5);
    }
    if name == "ConsoleLogin" {
        record.set("service.name", "AWS Management Console");
    }
    record.set("is_remote", true);
    set_source(&mut record, fields);
    record.set_str("dst_endpoint.svc_name", text("eventSource"));
    record.set_str("http_request.user_agent", text("userAgent"));
    record.build()
}

/// Maps CloudTrail Insights events (unusual API call or error rates) to Detection Finding.
fn insight_record(fields: &FieldMap, time: Timestamp) -> Object {
    let text = |name: &str| json_support::text(fields, name);
    let ended = text("insightDetails.state") == Some("End");
    let mut record = RecordBuilder::new(class::DETECTION_FINDING, if ended { 3 } else { 1 }, time, &META);
    set_common(&mut record, fields);
    let insight = text("insightDetails.insightType").unwrap_or("Insight");
    let api = text("insightDetails.eventName").unwrap_or("API calls");
    record.set("finding_info.uid", json_support::first_text(fields, &["sharedEventID", "eventID"]).unwrap_or("unknown"));
    record.set("finding_info.title", format!("CloudTrail Insights {insight} for {api}"));
    record.set("finding_info.types", vec![Value::from(insight)]);
    record.set_str("finding_info.desc", text("insightDetails.errorCode"));
    record.status(if ended { 4 } else { 1 }).set("status", if ended { "Resolved" } else { "New" });
    record.severity(ocsf::severity::LOW);
    record.build()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::parse_str;
    use crate::sources::testing;

    #[test]
    fn round_trip_every_variant() {
        testing::assert_round_trip(&AwsCloudTrail, 0..200);
    }

    /// Hand-written records in the shapes CloudTrail, S3 log files and EventBridge deliver.
    const SAMPLES: &[(&str, &str, u32, Option<&str>)] = &[
        (
            "IAM user read with access key",
            r#"{"eventVersion":"1.09","userIdentity":{"type":"IAMUser","principalId":"AIDAXQ3EXAMPLE7KQ2WZR","arn":"arn:aws:iam::210987654321:user/priya.patel","accountId":"210987654321","accessKeyId":"AKIAXQ3EXAMPLEK2WZR7","userName":"priya.patel"},"eventTime":"2026-01-05T09:12:44Z","eventSource":"ec2.amazonaws.com","eventName":"DescribeInstances","awsRegion":"eu-west-1","sourceIPAddress":"203.0.113.18","userAgent":"aws-cli/2.22.12","requestParameters":{"instancesSet":{},"filterSet":{}},"responseElements":null,"requestID":"6f1d2c3b-0a9e-4f7d-8c6b-5a4e3d2c1b0a","eventID":"0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e","readOnly":true,"eventType":"AwsApiCall","managementEvent":true,"recipientAccountId":"210987654321","eventCategory":"Management"}"#,
            6003,
            Some("DescribeInstances"),
        ),
        (
            "log file envelope with a root console login",
            r#"{"Records":[{"eventVersion":"1.08","userIdentity":{"type":"Root","principalId":"210987654321","arn":"arn:aws:iam::210987654321:root","accountId":"210987654321"},"eventTime":"2026-01-05T07:01:02Z","eventSource":"signin.amazonaws.com","eventName":"ConsoleLogin","awsRegion":"us-east-1","sourceIPAddress":"198.51.100.77","userAgent":"Mozilla/5.0","requestParameters":null,"responseElements":{"ConsoleLogin":"Success"},"additionalEventData":{"LoginTo":"https://console.aws.amazon.com/console/home","MobileVersion":"No","MFAUsed":"Yes"},"eventID":"9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d","readOnly":false,"eventType":"AwsConsoleSignIn","managementEvent":true,"recipientAccountId":"210987654321","eventCategory":"Management"}]}"#,
            3002,
            Some("ConsoleLogin"),
        ),
        (
            "failed console login",
            r#"{"eventVersion":"1.09","userIdentity":{"type":"IAMUser","principalId":"AIDAXQ3EXAMPLE7KQ2WZR","accountId":"210987654321","accessKeyId":"","userName":"priya.patel"},"eventTime":"2026-01-05T07:03:10Z","eventSource":"signin.amazonaws.com","eventName":"ConsoleLogin","awsRegion":"us-east-1","sourceIPAddress":"192.0.2.200","userAgent":"Mozilla/5.0","errorMessage":"Failed authentication","requestParameters":null,"responseElements":{"ConsoleLogin":"Failure"},"additionalEventData":{"MobileVersion":"No","MFAUsed":"No"},"eventID":"1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d","readOnly":false,"eventType":"AwsConsoleSignIn","managementEvent":true,"recipientAccountId":"210987654321","eventCategory":"Management"}"#,
            3002,
            Some("ConsoleLoginFailure"),
        ),
        (
            "EventBridge event wrapping a policy attachment",
            r#"{"version":"0","id":"2d4f6a8c-1b3d-4e5f-8a9b-0c1d2e3f4a5b","detail-type":"AWS API Call via CloudTrail","source":"aws.iam","account":"210987654321","time":"2026-01-05T10:00:00Z","region":"us-east-1","resources":[],"detail":{"eventVersion":"1.09","userIdentity":{"type":"AssumedRole","principalId":"AROAXQ3EXAMPLEROLE01:ana.costa@acme.example","arn":"arn:aws:sts::210987654321:assumed-role/AWSReservedSSO_AdministratorAccess_1a2b3c4d5e6f7a8b/ana.costa@acme.example","accountId":"210987654321","accessKeyId":"ASIAXQ3EXAMPLE000001","sessionContext":{"sessionIssuer":{"type":"Role","principalId":"AROAXQ3EXAMPLEROLE01","arn":"arn:aws:iam::210987654321:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_AdministratorAccess_1a2b3c4d5e6f7a8b","accountId":"210987654321","userName":"AWSReservedSSO_AdministratorAccess_1a2b3c4d5e6f7a8b"},"webIdFederationData":{},"attributes":{"creationDate":"2026-01-05T09:55:00Z","mfaAuthenticated":"false"}}},"eventTime":"2026-01-05T10:00:00Z","eventSource":"iam.amazonaws.com","eventName":"AttachUserPolicy","awsRegion":"us-east-1","sourceIPAddress":"203.0.113.5","userAgent":"AWS Internal","requestParameters":{"userName":"svc-backup","policyArn":"arn:aws:iam::aws:policy/AdministratorAccess"},"responseElements":null,"requestID":"b1c2d3e4-f5a6-4b7c-8d9e-0f1a2b3c4d5e","eventID":"c1d2e3f4-a5b6-4c7d-9e8f-0a1b2c3d4e5f","readOnly":false,"eventType":"AwsApiCall","managementEvent":true,"recipientAccountId":"210987654321","eventCategory":"Management"}}"#,
            3001,
            Some("AttachUserPolicy"),
        ),
        (
            "service principal assuming a role, version 1.05 without tlsDetails",
            r#"{"eventVersion":"1.05","userIdentity":{"type":"AWSService","invokedBy":"lambda.amazonaws.com"},"eventTime":"2026-01-05T11:30:00Z","eventSource":"sts.amazonaws.com","eventName":"AssumeRole","awsRegion":"eu-central-1","sourceIPAddress":"lambda.amazonaws.com","userAgent":"lambda.amazonaws.com","requestParameters":{"roleArn":"arn:aws:iam::210987654321:role/reporting-lambda","roleSessionName":"reporting-lambda"},"responseElements":{"credentials":{"accessKeyId":"ASIAXQ3EXAMPLE000002","expiration":"Jan 5, 2026, 11:30:00 PM","sessionToken":"IQoJb3JpZ2luX2VjEXAMPLE"}},"requestID":"d1e2f3a4-b5c6-4d7e-8f9a-0b1c2d3e4f5a","eventID":"e1f2a3b4-c5d6-4e7f-9a8b-0c1d2e3f4a5b","resources":[{"ARN":"arn:aws:iam::210987654321:role/reporting-lambda","accountId":"210987654321","type":"AWS::IAM::Role"}],"eventType":"AwsApiCall","recipientAccountId":"210987654321","sharedEventID":"f1a2b3c4-d5e6-4f7a-8b9c-0d1e2f3a4b5c"}"#,
            6003,
            Some("AssumeRole"),
        ),
        (
            "denied call with errorCode",
            r#"{"eventVersion":"1.10","userIdentity":{"type":"IAMUser","principalId":"AIDAXQ3EXAMPLE7KQ2WZR","arn":"arn:aws:iam::210987654321:user/temp-contractor","accountId":"210987654321","accessKeyId":"AKIAXQ3EXAMPLEK2WZR9","userName":"temp-contractor"},"eventTime":"2026-01-05T12:00:00Z","eventSource":"secretsmanager.amazonaws.com","eventName":"GetSecretValue","awsRegion":"us-west-2","sourceIPAddress":"192.0.2.10","userAgent":"Boto3/1.35.76","errorCode":"AccessDenied","errorMessage":"User: arn:aws:iam::210987654321:user/temp-contractor is not authorized to perform: secretsmanager:GetSecretValue","requestParameters":{"secretId":"prod/orders/db-password"},"responseElements":null,"requestID":"a9b8c7d6-e5f4-4a3b-8c2d-1e0f9a8b7c6d","eventID":"b9c8d7e6-f5a4-4b3c-9d2e-1f0a9b8c7d6e","readOnly":true,"eventType":"AwsApiCall","managementEvent":true,"recipientAccountId":"210987654321","eventCategory":"Management"}"#,
            6003,
            Some("GetSecretValue"),
        ),
        (
            "unknown API name is still an API call",
            r#"{"eventVersion":"1.11","userIdentity":{"type":"IAMUser","principalId":"AIDAXQ3EXAMPLE7KQ2WZR","arn":"arn:aws:iam::210987654321:user/ci","accountId":"210987654321","userName":"ci"},"eventTime":"2026-01-05T12:05:00Z","eventSource":"lambda.amazonaws.com","eventName":"UpdateFunctionCode20150331v2","awsRegion":"us-west-2","sourceIPAddress":"AWS Internal","userAgent":"AWS Internal","requestParameters":null,"responseElements":"","requestID":"c9d8e7f6-a5b4-4c3d-8e2f-1a0b9c8d7e6f","eventID":"d9e8f7a6-b5c4-4d3e-9f2a-1b0c9d8e7f6a","readOnly":false,"eventType":"AwsApiCall","managementEvent":true,"recipientAccountId":"210987654321","eventCategory":"Management","resources":""}"#,
            6003,
            None,
        ),
    ];

    #[test]
    fn hand_written_records_parse() {
        for (name, text, class_uid, variant) in SAMPLES {
            let outcomes = parse_str("aws_cloudtrail", text, ParseOptions::default()).unwrap();
            assert_eq!(outcomes.len(), 1, "{name}");
            let record = outcomes[0].as_ref().unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(record.ocsf["class_uid"], *class_uid, "{name}");
            assert_eq!(record.parsed.variant, *variant, "{name}");
            testing::assert_valid_ocsf(&record.ocsf, name);
        }
    }

    #[test]
    fn failed_console_login_maps_to_failure() {
        let outcomes = parse_str("aws_cloudtrail", SAMPLES[2].1, ParseOptions::default()).unwrap();
        let record = outcomes[0].as_ref().unwrap();
        assert_eq!(record.ocsf["status_id"], 2);
        assert_eq!(record.ocsf["user"]["name"], "priya.patel");
        assert_eq!(record.ocsf["is_mfa"], false);
    }

    #[test]
    fn policy_attachment_is_account_change() {
        let outcomes = parse_str("aws_cloudtrail", SAMPLES[3].1, ParseOptions::default()).unwrap();
        let record = &outcomes[0].as_ref().unwrap().ocsf;
        assert_eq!(record["class_uid"], 3001);
        assert_eq!(record["activity_id"], 7);
        assert_eq!(record["user"]["name"], "svc-backup");
        assert_eq!(record["actor"]["user"]["name"], "ana.costa@acme.example");
        assert_eq!(record["policy"]["name"], "AdministratorAccess");
        assert_eq!(record["cloud"]["account"]["uid"], "210987654321");
    }

    #[test]
    fn identity_types_map_to_user_types() {
        let identity_center = r#"{"eventVersion":"1.09","userIdentity":{"type":"IdentityCenterUser","accountId":"210987654321","onBehalfOf":{"userId":"94e8c4a8-3071-70e2-1c5d-2f9a8b7c6d5e","identityStoreArn":"arn:aws:identitystore::210987654321:identitystore/d-9067a1b2c3"},"credentialId":"Zx9QexampleCredentialId01"},"eventTime":"2026-01-05T13:00:00Z","eventSource":"sso.amazonaws.com","eventName":"ListApplications","awsRegion":"eu-west-1","sourceIPAddress":"198.51.100.23","userAgent":"Mozilla/5.0","requestParameters":null,"responseElements":null,"requestID":"3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e6f","eventID":"4d5e6f7a-8b9c-4d0e-9f1a-2b3c4d5e6f7a","readOnly":true,"eventType":"AwsApiCall","managementEvent":true,"recipientAccountId":"210987654321","eventCategory":"Management"}"#;
        let outcomes = parse_str("aws_cloudtrail", identity_center, ParseOptions::default()).unwrap();
        let record = &outcomes[0].as_ref().unwrap().ocsf;
        let user = &record["actor"]["user"];
        assert_eq!(user["uid"], "94e8c4a8-3071-70e2-1c5d-2f9a8b7c6d5e");
        assert_eq!(user["type_id"], 1);
        assert_eq!(user["credential_uid"], "Zx9QexampleCredentialId01");
        testing::assert_valid_ocsf(record, "Identity Center user");

        let challenge = r#"{"eventVersion":"1.09","userIdentity":{"type":"Unknown","principalId":"210987654321","arn":"","accountId":"210987654321","accessKeyId":"","userName":"priya.patel"},"eventTime":"2026-01-05T13:05:00Z","eventSource":"signin.amazonaws.com","eventName":"CredentialChallenge","awsRegion":"us-east-1","sourceIPAddress":"192.0.2.210","userAgent":"Mozilla/5.0","requestParameters":null,"responseElements":null,"additionalEventData":{"AuthWorkflowID":"5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b","CredentialType":"PASSWORD"},"requestID":"6f7a8b9c-0d1e-4f2a-9b3c-4d5e6f7a8b9c","eventID":"7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d","readOnly":false,"eventType":"AwsServiceEvent","managementEvent":true,"recipientAccountId":"210987654321","serviceEventDetails":{"CredentialChallenge":"Failure"},"eventCategory":"Management"}"#;
        let outcomes = parse_str("aws_cloudtrail", challenge, ParseOptions::default()).unwrap();
        let record = &outcomes[0].as_ref().unwrap().ocsf;
        assert_eq!(record["class_uid"], 3002);
        assert_eq!(record["status_id"], 2);
        assert_eq!(record["user"]["name"], "priya.patel");
        assert_eq!(record["user"]["type_id"], 0, "the Unknown identity type is OCSF Unknown");
        testing::assert_valid_ocsf(record, "credential challenge");
    }

    #[test]
    fn api_call_keeps_actor_and_request() {
        let outcomes = parse_str("aws_cloudtrail", SAMPLES[4].1, ParseOptions::default()).unwrap();
        let record = &outcomes[0].as_ref().unwrap().ocsf;
        assert_eq!(record["class_uid"], 6003);
        assert_eq!(record["api"]["operation"], "AssumeRole");
        assert_eq!(record["actor"]["invoked_by"], "lambda.amazonaws.com");
        assert_eq!(record["api"]["request"]["data"]["roleSessionName"], "reporting-lambda");
        assert_eq!(record["src_endpoint"]["svc_name"], "lambda.amazonaws.com");
    }

    #[test]
    fn denied_call_maps_to_failure() {
        let outcomes = parse_str("aws_cloudtrail", SAMPLES[5].1, ParseOptions::default()).unwrap();
        let record = &outcomes[0].as_ref().unwrap().ocsf;
        assert_eq!(record["status_id"], 2);
        assert_eq!(record["status_code"], "AccessDenied");
        assert_eq!(record["api"]["response"]["error"], "AccessDenied");
    }

    #[test]
    fn malformed_input_is_rejected() {
        let cases = [
            ("plain text", "user logged in"),
            ("truncated JSON", r#"{"eventVersion":"1.09","eventName":"GetObject""#),
            ("no eventTime", r#"{"eventVersion":"1.09","eventName":"GetObject"}"#),
            ("no eventName", r#"{"eventTime":"2026-01-05T09:00:00Z","eventType":"AwsApiCall"}"#),
            ("an Okta event", r#"{"uuid":"1","published":"2026-01-05T09:00:00Z","eventType":"user.session.start"}"#),
            ("invalid eventTime", r#"{"eventTime":"yesterday","eventName":"GetObject","eventSource":"s3.amazonaws.com"}"#),
            ("JSON array of numbers", "[1,2,3]"),
        ];
        for (name, text) in cases {
            let outcomes = parse_str("aws_cloudtrail", text, ParseOptions::default()).unwrap();
            assert!(!outcomes.is_empty(), "{name}: no outcome");
            assert!(outcomes.iter().all(Result::is_err), "{name}: accepted");
        }
    }

    #[test]
    fn api_activity_follows_the_verb() {
        let cases = [
            ("GetObject", 2),
            ("DescribeInstances", 2),
            ("ListBuckets", 2),
            ("PutObject", 1),
            ("CreateAccessKey", 1),
            ("RunInstances", 1),
            ("PutBucketPolicy", 3),
            ("AttachUserPolicy", 3),
            ("AuthorizeSecurityGroupIngress", 3),
            ("StopLogging", 3),
            ("DeleteTrail", 4),
            ("TerminateInstances", 4),
            ("AssumeRole", 3),
            ("Getaway", 99),
            ("ConsoleLogin", 99),
        ];
        for (name, activity) in cases {
            assert_eq!(api_activity_of(name), activity, "{name}");
        }
    }

    #[test]
    fn corpus_samples_parse() {
        let Some(samples) = testing::corpus_samples(&["sekoia/AWS/aws-cloudtrail", "ocsf-examples/mappings"], |name| !name.ends_with(".ocsf")) else {
            println!("corpus not found; skipped");
            return;
        };
        let samples: Vec<_> = samples.into_iter().filter(|s| s.name.contains("cloudtrail") || s.name.contains("CloudTrail")).filter(|s| !s.name.contains("OCSF_")).collect();
        let outcomes = testing::corpus_outcomes("aws_cloudtrail", &samples);
        let failed: Vec<_> = outcomes.iter().filter(|o| o.result.is_err()).map(|o| o.name.as_str()).collect();
        assert!(failed.is_empty(), "corpus samples not parsed: {failed:?}");
    }
}
