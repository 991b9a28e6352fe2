//! Microsoft Entra ID (Azure AD) sign-in logs as diagnostic settings export them to a storage
//! account, Log Analytics or Event Hubs: one record per sign-in with the sign-in resource
//! under `properties`.
//!
//! Format: Azure Monitor resource log schema for the `SignInLogs` and
//! `NonInteractiveUserSignInLogs` categories (operationVersion 1.0), with the properties of
//! the Microsoft Graph `signIn` resource (v1.0 and beta). The reader also takes the Graph API
//! shape (the `signIn` resource alone) and Event Hubs batches (`{"records": [...]}`).
//! Vendor documentation:
//! <https://learn.microsoft.com/en-us/entra/identity/monitoring-health/reference-azure-monitor-sign-ins-log-schema>,
//! <https://learn.microsoft.com/en-us/graph/api/resources/signin>.

use std::fmt::Write as _;

use serde_json::{Map, Value};

use super::json_support::{self, Alphabet, JsonObject, Place};
use super::{Alias, Framing, GenContext, ParseOptions, ParseState, Parsed, Source, SourceMeta, Variant, WireFormat};
use crate::field_map::FieldMap;
use crate::error::ParseError;
use crate::fields::Fields;
use crate::format::json;
use crate::ocsf::{self, class, Object, RecordBuilder};
use crate::timestamp::Timestamp;
use crate::world::{Host, User, World};

/// The `microsoft_azure_ad_signin` source.
pub struct MicrosoftAzureAdSignin;

const VARIANTS: &[Variant] = &[
    Variant { name: "success", weight: 300, format: WireFormat::Json, description: "interactive sign-in that succeeded" },
    Variant { name: "noninteractive", weight: 450, format: WireFormat::Json, description: "token refresh by a client on the user's behalf" },
    Variant { name: "failure", weight: 40, format: WireFormat::Json, description: "sign-in failed with invalid credentials (50126)" },
    Variant { name: "locked", weight: 5, format: WireFormat::Json, description: "sign-in failed because the account is locked (50053)" },
    Variant { name: "mfa_required", weight: 40, format: WireFormat::Json, description: "sign-in interrupted to require MFA (50074, 50076)" },
    Variant { name: "ca_blocked", weight: 10, format: WireFormat::Json, description: "sign-in blocked by Conditional Access (53003)" },
    Variant { name: "mfa_denied", weight: 8, format: WireFormat::Json, description: "second factor failed or denied (500121)" },
    Variant { name: "risky", weight: 6, format: WireFormat::Json, description: "successful sign-in that Identity Protection rated risky" },
    Variant { name: "eventhub", weight: 0, format: WireFormat::Json, description: "a sign-in record in the Event Hubs {\"records\": [...]} batch" },
];

const SUCCESS: usize = 0;
const NONINTERACTIVE: usize = 1;
const FAILURE: usize = 2;
const LOCKED: usize = 3;
const MFA_REQUIRED: usize = 4;
const CA_BLOCKED: usize = 5;
const MFA_DENIED: usize = 6;
const RISKY: usize = 7;
const EVENTHUB: usize = 8;

static META: SourceMeta = SourceMeta {
    id: "microsoft_azure_ad_signin",
    aliases: &[Alias {
        id: "microsoft_eventhub_azure_signin",
        variants: &["eventhub"],
        weights: &[],
    }],
    vendor: "Microsoft",
    product: "Entra ID sign-in logs",
    category: "identity",
    formats: &[WireFormat::Json],
    sourcetype: "azure:aad:signin",
    ocsf_classes: &[class::AUTHENTICATION],
    doc_url: "https://learn.microsoft.com/en-us/entra/identity/monitoring-health/reference-azure-monitor-sign-ins-log-schema",
    versions: "Azure Monitor resource logs operationVersion 1.0, Microsoft Graph signIn v1.0 and beta properties",
    known_gaps: &[
        "the eventhub variant writes one record per batch, and a record read from any records batch (storage account exports too) reads as eventhub",
        "service principal, managed identity and AD FS sign-in categories are read but not generated",
        "Log Analytics rows are read by rewriting their columns into the Graph signIn shape, so parsed field names are the Graph ones",
    ],
    variants: VARIANTS,
    framing: Framing::Lines,
    host_fields: &[],
};

/// A first-party client application: display name, app id, resource name, resource id.
/// The ids are the ones Microsoft publishes for its own applications.
const MICROSOFT_APPS: &[(&str, &str, &str, &str)] = &[
    ("Microsoft Office", "d3590ed6-52b3-4102-aeff-aad2292ab01c", "Office 365 Exchange Online", "00000002-0000-0ff1-ce00-000000000000"),
    ("Microsoft Teams", "1fec8e78-bce4-4aaf-ab1b-5451cc387264", "Microsoft Teams Services", "cc15fd57-2c6c-4117-a88c-83b1d56b4bbe"),
    ("OfficeHome", "4765445b-32c6-49b0-83e6-1d93765276ca", "Microsoft Graph", "00000003-0000-0000-c000-000000000000"),
    ("Azure Portal", "c44b4083-3bb0-49c1-b47d-974e53cbdf3c", "Windows Azure Service Management API", "797f4846-ba00-4fd7-ba43-dac1f8f63013"),
    ("Microsoft Authentication Broker", "29d9ed98-a469-4536-ade2-f981bc1d605e", "Microsoft Graph", "00000003-0000-0000-c000-000000000000"),
    ("Outlook Mobile", "27922004-5251-4030-b22d-91ecd9a37ea4", "Office 365 Exchange Online", "00000002-0000-0ff1-ce00-000000000000"),
    ("Microsoft Azure CLI", "04b07795-8ddb-461a-bbee-02f9e1bf7b46", "Windows Azure Service Management API", "797f4846-ba00-4fd7-ba43-dac1f8f63013"),
];
/// Browsers: user agent, the browser name Entra derives, and whether it is a phone.
const BROWSERS: &[(&str, &str, bool)] = &[
    ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0", "Edge 131.0.0", false),
    ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36", "Chrome 131.0.0", false),
    ("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6 Safari/605.1.15", "Safari 17.6", false),
    ("Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148", "Mobile Safari 18.1", true),
];
/// Password spraying uses legacy protocols and scripted clients.
const LEGACY_CLIENTS: &[(&str, &str)] = &[("Authenticated SMTP", "BAV2ROPC"), ("IMAP4", "BAV2ROPC"), ("Exchange ActiveSync", "python-requests/2.32.3")];
const MFA_METHODS: &[(&str, &str)] = &[
    ("Mobile app notification", "Microsoft Authenticator"),
    ("Passkey (Microsoft Authenticator)", "Microsoft Authenticator"),
    ("OATH verification code", "Authenticator app"),
    ("Text message", "+X XXXXXXXX42"),
];
const RISK_EVENTS: &[&str] = &["unfamiliarFeatures", "anonymizedIPAddress", "unlikelyTravel", "maliciousIPAddress"];

/// Error code, failure reason and the diagnostic `resultDescription` of a failed sign-in.
struct Failure {
    code: u32,
    reason: &'static str,
    description: &'static str,
}

const INVALID_PASSWORD: Failure = Failure {
    code: 50126,
    reason: "Error validating credentials due to invalid username or password.",
    description: "Invalid username or password or Invalid on-premise username or password.",
};
const ACCOUNT_LOCKED: Failure = Failure {
    code: 50053,
    reason: "Account is locked because user tried to sign in too many times with an incorrect user ID or password.",
    description: "Account is locked because user tried to sign in too many times with an incorrect user ID or password.",
};
const STRONG_AUTH_REQUIRED: Failure = Failure {
    code: 50074,
    reason: "Strong Authentication is required.",
    description: "Strong Authentication is required.",
};
const MFA_FOR_RESOURCE: Failure = Failure {
    code: 50076,
    reason: "Due to a configuration change made by your administrator, or because you moved to a new location, you must use multi-factor authentication to access the resource.",
    description: "Due to a configuration change made by your administrator, or because you moved to a new location, you must use multi-factor authentication to access the resource.",
};
const BLOCKED_BY_CA: Failure = Failure {
    code: 53003,
    reason: "Access has been blocked by Conditional Access policies. The access policy does not allow token issuance.",
    description: "Access has been blocked by Conditional Access policies. The access policy does not allow token issuance.",
};
const MFA_FAILED: Failure = Failure {
    code: 500121,
    reason: "Authentication failed during strong authentication request.",
    description: "Authentication failed during strong authentication request.",
};

/// The application a sign-in is for: display name, app id, resource name, resource id.
struct App<'w> {
    name: &'w str,
    id: &'w str,
    resource: &'w str,
    resource_id: &'w str,
}

impl Source for MicrosoftAzureAdSignin {
    fn meta(&self) -> &'static SourceMeta {
        &META
    }

    fn fill(&self, ctx: &mut GenContext<'_>, fields: &mut Fields) {
        // An Event Hubs batch carries an ordinary sign-in record.
        let kind = if ctx.variant == EVENTHUB {
            let weights: Vec<u32> = VARIANTS[..EVENTHUB].iter().map(|v| v.weight).collect();
            ctx.rng.weighted(&weights)
        } else {
            ctx.variant
        };
        let world = ctx.world;
        let user_index = ctx.user(&["properties.userPrincipalName"]);
        let user = &world.users[user_index];
        let host = world.workstation_of(user_index);
        let outside = match kind {
            FAILURE | LOCKED | CA_BLOCKED => 700,
            RISKY => 1000,
            MFA_REQUIRED => 200,
            _ => 30,
        };
        let (address, place) = json_support::pick_client_address(world, &mut ctx.rng, outside);
        let app = pick_app(ctx, kind);
        let failure = match kind {
            FAILURE => Some(INVALID_PASSWORD),
            LOCKED => Some(ACCOUNT_LOCKED),
            MFA_REQUIRED => Some(if ctx.rng.chance(500) { STRONG_AUTH_REQUIRED } else { MFA_FOR_RESOURCE }),
            CA_BLOCKED => Some(BLOCKED_BY_CA),
            MFA_DENIED => Some(MFA_FAILED),
            _ => None,
        };
        let legacy = kind == FAILURE && ctx.rng.chance(300);
        // The clock gives the time of the sign-in. The record reaches the log a few seconds to
        // minutes later, and its `time` is that later instant.
        let created = ctx.time;
        let time = ctx.time.add_nanos(ctx.rng.range(2_000, 240_000) as i64 * 1_000_000);

        let tenant = world.tenant_id.as_str();
        fields.with("time", |out| time.write_rfc3339(out, 7));
        fields.fmt("resourceId", format_args!("/tenants/{tenant}/providers/Microsoft.aadiam"));
        fields.str("operationName", "Sign-in activity");
        fields.str("operationVersion", "1.0");
        fields.str("category", if kind == NONINTERACTIVE { "NonInteractiveUserSignInLogs" } else { "SignInLogs" });
        fields.str("tenantId", tenant);
        match &failure {
            Some(failure) => fields.fmt("resultType", format_args!("{}", failure.code)),
            None => fields.str("resultType", "0"),
        }
        fields.str("resultSignature", "None");
        if let Some(failure) = &failure {
            fields.str("resultDescription", failure.description);
        }
        fields.int("durationMs", 0);
        fields.fmt("callerIpAddress", format_args!("{address}"));
        let correlation = json_support::ShortId::random(&mut ctx.rng, "", Alphabet::Hex, 32);
        fields.with("correlationId", |out| write_uuid_text(out, correlation.as_str()));
        fields.str("identity", &user.display_name);
        fields.int("Level", 4);
        fields.str("location", place.country_code);

        let sign_in = SignIn { kind, user, host, address, place, app, failure, legacy, created, correlation };
        write_properties(ctx, fields, &sign_in);
    }

    fn write(&self, variant: usize, fields: &Fields, out: &mut String) {
        if variant == EVENTHUB {
            out.push_str("{\"records\":[");
            json::write_fields(fields, out);
            out.push_str("]}");
        } else {
            json::write_fields(fields, out);
        }
    }

    fn parse_line(&self, line: &str, state: &mut ParseState) -> Result<Option<Parsed>, ParseError> {
        json_support::parse_line_json(self, line, state)
    }

    fn parse_json(&self, value: &Value, state: &mut ParseState) -> Result<Option<Parsed>, ParseError> {
        // The streaming parser unwraps the `records` batch and names it in the state.
        if state.envelope == Some("records") {
            let mut parsed = read_record(value)?;
            parsed.variant = Some(VARIANTS[EVENTHUB].name);
            return Ok(Some(parsed));
        }
        // A direct caller may hand over the whole batch.
        if let Some(records) = value.get("records").and_then(Value::as_array) {
            return match records.as_slice() {
                [record] => {
                    let mut parsed = read_record(record)?;
                    parsed.variant = Some(VARIANTS[EVENTHUB].name);
                    Ok(Some(parsed))
                }
                _ => Err(ParseError::new(
                    0,
                    format!("the batch contains {} records; read it with the streaming parser, which splits it", records.len()),
                )),
            };
        }
        read_record(value).map(Some)
    }

    /// Returns the tenant's initial domain (`<org>.onmicrosoft.com`). Entra ID gives one to
    /// every tenant, and it names the tenant whose sign-in logs an input reads.
    fn collector_host(&self, world: &World, _fields: &Fields) -> Option<String> {
        Some(format!("{}.onmicrosoft.com", world.organisation))
    }

    fn to_ocsf(&self, parsed: &Parsed, _options: &ParseOptions) -> Result<Object, ParseError> {
        sign_in_record(parsed)
    }
}

/// Everything one generated sign-in record repeats across fields.
struct SignIn<'w> {
    kind: usize,
    user: &'w User,
    host: &'w Host,
    address: std::net::Ipv4Addr,
    place: &'static Place,
    app: App<'w>,
    failure: Option<Failure>,
    /// A password spray over a legacy protocol.
    legacy: bool,
    created: Timestamp,
    correlation: json_support::ShortId,
}

fn pick_app<'w>(ctx: &mut GenContext<'w>, kind: usize) -> App<'w> {
    let world = ctx.world;
    // A third of interactive sign-ins go to SaaS applications federated with Entra.
    if kind != NONINTERACTIVE && ctx.rng.chance(330) {
        let app = ctx.rng.pick(&world.applications);
        return App { name: &app.name, id: &app.app_id, resource: &app.name, resource_id: &app.app_id };
    }
    let index = if kind == NONINTERACTIVE { *ctx.rng.pick(&[0usize, 1, 4, 5]) } else { ctx.rng.index(MICROSOFT_APPS.len()) };
    let (name, id, resource, resource_id) = MICROSOFT_APPS[index];
    App { name, id, resource, resource_id }
}

/// Appends 32 random hex digits as a version-4 UUID (8-4-4-4-12, version and variant
/// digits set).
fn write_uuid_text(out: &mut String, hex: &str) {
    for (i, c) in hex.chars().enumerate() {
        if matches!(i, 8 | 12 | 16 | 20) {
            out.push('-');
        }
        out.push(match i {
            12 => '4',
            16 => ['8', '9', 'a', 'b'][c.to_digit(16).unwrap_or(0) as usize % 4],
            _ => c,
        });
    }
}

/// Writes `properties`, the sign-in resource.
fn write_properties(ctx: &mut GenContext<'_>, fields: &mut Fields, sign_in: &SignIn<'_>) {
    let (kind, user, app) = (sign_in.kind, sign_in.user, &sign_in.app);
    let created = sign_in.created;
    let interactive = kind != NONINTERACTIVE;
    fields.with("properties.id", |out| ctx.rng.uuid_into(out));
    fields.with("properties.createdDateTime", |out| {
        created.write_rfc3339_offset(out, 7, 0);
        out.push_str("+00:00");
    });
    fields.str("properties.userDisplayName", &user.display_name);
    fields.str("properties.userPrincipalName", &user.email);
    fields.str("properties.userId", &user.object_id);
    fields.str("properties.appId", app.id);
    fields.str("properties.appDisplayName", app.name);
    fields.fmt("properties.ipAddress", format_args!("{}", sign_in.address));
    let mfa = match kind {
        SUCCESS | RISKY => ctx.rng.chance(450),
        MFA_DENIED => true,
        _ => false,
    };
    match &sign_in.failure {
        Some(failure) => {
            fields.int("properties.status.errorCode", i64::from(failure.code));
            fields.str("properties.status.failureReason", failure.reason);
            if kind == MFA_REQUIRED {
                fields.str("properties.status.additionalDetails", "MFA required in Azure AD");
            }
        }
        None => {
            fields.int("properties.status.errorCode", 0);
            // Without a second factor in this sign-in, an earlier one may still count.
            if interactive && !mfa && kind != RISKY && ctx.rng.chance(400) {
                fields.str("properties.status.additionalDetails", "MFA requirement satisfied by claim in the token");
            }
        }
    }

    let browser = *ctx.rng.pick(BROWSERS);
    let (client_app, agent) = if sign_in.legacy {
        *ctx.rng.pick(LEGACY_CLIENTS)
    } else if interactive && !matches!(app.name, "Microsoft Authentication Broker" | "Outlook Mobile" | "Microsoft Azure CLI") {
        ("Browser", browser.0)
    } else {
        ("Mobile Apps and Desktop clients", browser.0)
    };
    fields.str("properties.clientAppUsed", client_app);
    fields.str("properties.userAgent", agent);
    write_device_detail(ctx, fields, sign_in, browser);
    let place = sign_in.place;
    fields.str("properties.location.city", place.city);
    fields.str("properties.location.state", place.state);
    fields.str("properties.location.countryOrRegion", place.country_code);
    fields.num_text("properties.location.geoCoordinates.latitude", place.lat);
    fields.num_text("properties.location.geoCoordinates.longitude", place.lon);
    let method = *ctx.rng.pick(MFA_METHODS);
    if mfa {
        fields.str("properties.mfaDetail.authMethod", method.0);
        fields.str("properties.mfaDetail.authDetail", method.1);
    } else {
        fields.json("properties.mfaDetail", "{}");
    }
    fields.with("properties.correlationId", |out| write_uuid_text(out, sign_in.correlation.as_str()));
    let ca_status = match kind {
        CA_BLOCKED => "failure",
        SUCCESS | RISKY if mfa => "success",
        _ => "notApplied",
    };
    fields.str("properties.conditionalAccessStatus", ca_status);
    let org = ctx.world.organisation.as_str();
    fields.json_with("properties.appliedConditionalAccessPolicies", |out| write_policies(out, org, kind, mfa));
    fields.with("properties.originalRequestId", |out| ctx.rng.uuid_into(out));
    fields.bool("properties.isInteractive", interactive);
    fields.str("properties.tokenIssuerName", "");
    fields.str("properties.tokenIssuerType", "AzureAD");
    fields.json("properties.authenticationProcessingDetails", "[{\"key\":\"Legacy TLS (TLS 1.0, 1.1, 3DES)\",\"value\":\"False\"},{\"key\":\"Is CAE Token\",\"value\":\"False\"}]");
    fields.json("properties.networkLocationDetails", "[]");
    fields.str("properties.clientCredentialType", "none");
    fields.int("properties.processingTimeInMilliseconds", ctx.rng.range(40, 900) as i64);
    write_risk(ctx, fields, kind);
    fields.str("properties.resourceDisplayName", app.resource);
    fields.str("properties.resourceId", app.resource_id);
    let tenant = ctx.world.tenant_id.as_str();
    fields.str("properties.resourceTenantId", tenant);
    fields.str("properties.homeTenantId", tenant);
    fields.str("properties.tenantId", tenant);
    fields.json_with("properties.authenticationDetails", |out| write_authentication_details(out, sign_in, mfa.then_some(method.0)));
    fields.json("properties.authenticationRequirementPolicies", "[]");
    fields.json("properties.sessionLifetimePolicies", "[]");
    let multi_factor = mfa || matches!(kind, MFA_REQUIRED | MFA_DENIED);
    fields.str("properties.authenticationRequirement", if multi_factor { "multiFactorAuthentication" } else { "singleFactorAuthentication" });
    fields.str("properties.alternateSignInName", &user.email);
    fields.str("properties.signInIdentifier", &user.email);
    fields.str("properties.servicePrincipalId", "");
    fields.str("properties.userType", "Member");
    fields.bool("properties.flaggedForReview", false);
    fields.bool("properties.isTenantRestricted", false);
    fields.int("properties.autonomousSystemNumber", i64::from(place.as_number));
    fields.str("properties.crossTenantAccessType", "none");
    fields.json("properties.privateLinkDetails", "{}");
    fields.str("properties.ssoExtensionVersion", "");
    fields.with("properties.uniqueTokenIdentifier", |out| json_support::write_random(out, &mut ctx.rng, Alphabet::Alphanumeric, 22));
    fields.json("properties.authenticationStrengths", "[]");
    fields.str("properties.incomingTokenType", if interactive { "none" } else { "refreshToken" });
    fields.str("properties.authenticationProtocol", if sign_in.legacy { "ropc" } else { "none" });
    fields.with("properties.resourceServicePrincipalId", |out| json_support::write_stable_uuid(out, &[tenant, app.resource_id]));
    fields.str("properties.signInTokenProtectionStatus", "none");
    fields.str("properties.originalTransferMethod", "none");
    fields.bool("properties.isThroughGlobalSecureAccess", false);
    fields.with("properties.sessionId", |out| json_support::write_stable_uuid(out, &[tenant, &user.username, &sign_in.host.hostname]));
}

fn write_device_detail(ctx: &mut GenContext<'_>, fields: &mut Fields, sign_in: &SignIn<'_>, browser: (&str, &str, bool)) {
    let host = sign_in.host;
    // Sign-ins from the office come from the user's managed workstation.
    let managed = json_support::is_office(sign_in.place) && !browser.2 && !sign_in.legacy;
    let tenant = ctx.world.tenant_id.as_str();
    if managed {
        fields.with("properties.deviceDetail.deviceId", |out| json_support::write_stable_uuid(out, &[tenant, &host.hostname]));
        fields.str("properties.deviceDetail.displayName", &host.hostname);
    } else {
        fields.str("properties.deviceDetail.deviceId", "");
    }
    let os = if browser.2 {
        "Ios"
    } else if host.windows {
        "Windows10"
    } else {
        "MacOs"
    };
    fields.str("properties.deviceDetail.operatingSystem", os);
    fields.str("properties.deviceDetail.browser", if sign_in.legacy { "" } else { browser.1 });
    if managed {
        fields.bool("properties.deviceDetail.isCompliant", true);
        fields.bool("properties.deviceDetail.isManaged", true);
        fields.str("properties.deviceDetail.trustType", if host.windows { "Hybrid Azure AD joined" } else { "Azure AD registered" });
    }
}

fn write_risk(ctx: &mut GenContext<'_>, fields: &mut Fields, kind: usize) {
    if kind != RISKY {
        fields.str("properties.riskDetail", "none");
        fields.str("properties.riskLevelAggregated", "none");
        fields.str("properties.riskLevelDuringSignIn", "none");
        fields.str("properties.riskState", "none");
        fields.json("properties.riskEventTypes", "[]");
        fields.json("properties.riskEventTypes_v2", "[]");
        return;
    }
    let level = if ctx.rng.chance(300) { "high" } else { "medium" };
    let risk_event = ctx.rng.pick_str(RISK_EVENTS);
    fields.str("properties.riskDetail", "none");
    fields.str("properties.riskLevelAggregated", level);
    fields.str("properties.riskLevelDuringSignIn", level);
    fields.str("properties.riskState", "atRisk");
    fields.json_with("properties.riskEventTypes", |out| {
        let _ = write!(out, "[\"{risk_event}\"]");
    });
    fields.json_with("properties.riskEventTypes_v2", |out| {
        let _ = write!(out, "[\"{risk_event}\"]");
    });
}

/// Appends `appliedConditionalAccessPolicies`: an MFA policy and a legacy-authentication block.
fn write_policies(out: &mut String, org: &str, kind: usize, mfa: bool) {
    let mfa_result = match kind {
        SUCCESS | RISKY if mfa => "success",
        MFA_DENIED | MFA_REQUIRED => "failure",
        _ => "notApplied",
    };
    let block_result = if kind == CA_BLOCKED { "failure" } else { "notApplied" };
    out.push('[');
    let mut policy = JsonObject::open(out);
    policy.with("id", |out| {
        out.push('"');
        json_support::write_stable_uuid(out, &[org, "require-mfa"]);
        out.push('"');
    });
    policy
        .str("displayName", "Require MFA for all users")
        .raw("enforcedGrantControls", "[\"Mfa\"]")
        .raw("enforcedSessionControls", "[]")
        .str("result", mfa_result)
        .close();
    out.push(',');
    let mut policy = JsonObject::open(out);
    policy.with("id", |out| {
        out.push('"');
        json_support::write_stable_uuid(out, &[org, "block-legacy"]);
        out.push('"');
    });
    policy
        .str("displayName", if kind == CA_BLOCKED { "Block access from outside allowed countries" } else { "Block legacy authentication" })
        .raw("enforcedGrantControls", "[\"Block\"]")
        .raw("enforcedSessionControls", "[]")
        .str("result", block_result)
        .close();
    out.push(']');
}

/// Appends `authenticationDetails`: the password step, then the second factor when one ran.
fn write_authentication_details(out: &mut String, sign_in: &SignIn<'_>, mfa_method: Option<&str>) {
    let step_time = |out: &mut String| {
        out.push('"');
        sign_in.created.write_rfc3339_offset(out, 7, 0);
        out.push_str("+00:00\"");
    };
    out.push('[');
    let (method, detail, succeeded, result) = match sign_in.kind {
        NONINTERACTIVE => ("Previously satisfied", "", true, "First factor requirement satisfied by claim in the token"),
        FAILURE => ("Password", "Password Hash Sync", false, "Invalid username or password or Invalid on-premise username or password."),
        LOCKED => ("Password", "Password Hash Sync", false, "Account is locked"),
        _ => ("Password", "Password Hash Sync", true, "Correct password"),
    };
    let mut step = JsonObject::open(out);
    step.with("authenticationStepDateTime", step_time).str("authenticationMethod", method);
    if !detail.is_empty() {
        step.str("authenticationMethodDetail", detail);
    }
    step.raw("succeeded", if succeeded { "true" } else { "false" })
        .str("authenticationStepResultDetail", result)
        .str("authenticationStepRequirement", "Primary authentication")
        .raw("StatusSequence", "0")
        .raw("RequestSequence", "1")
        .close();
    let second = match sign_in.kind {
        MFA_DENIED => Some((mfa_method.unwrap_or("Mobile app notification"), false, "MFA denied; user declined the authentication")),
        MFA_REQUIRED => Some(("Mobile app notification", false, "MFA required in Azure AD")),
        _ => mfa_method.map(|method| (method, true, "MFA successfully completed")),
    };
    if let Some((method, succeeded, result)) = second {
        out.push(',');
        JsonObject::open(out)
            .with("authenticationStepDateTime", step_time)
            .str("authenticationMethod", method)
            .raw("succeeded", if succeeded { "true" } else { "false" })
            .str("authenticationStepResultDetail", result)
            .str("authenticationStepRequirement", "Multi-factor authentication")
            .raw("StatusSequence", "0")
            .raw("RequestSequence", "1")
            .close();
    }
    out.push(']');
}

/// Reads one sign-in record in the diagnostic (`properties`), Graph API or Log Analytics
/// shape.
fn read_record(value: &Value) -> Result<Parsed, ParseError> {
    let Some(object) = value.as_object() else {
        return Err(ParseError::new(0, "a sign-in record is a JSON object"));
    };
    if let Some(graph) = log_analytics_row(object) {
        let mut parsed = json_support::flattened(&graph, None);
        parsed.variant = Some(variant_of(&parsed.fields, ""));
        return Ok(parsed);
    }
    let diagnostic = object.get("properties").is_some_and(Value::is_object);
    if diagnostic {
        let category = object.get("category").and_then(Value::as_str).unwrap_or("");
        let operation = object.get("operationName").and_then(Value::as_str).unwrap_or("");
        if !category.ends_with("SignInLogs") && operation != "Sign-in activity" {
            return Err(ParseError::new(
                0,
                format!("not a sign-in record: category '{category}', operationName '{operation}'; this source reads SignInLogs"),
            ));
        }
    } else if !(object.contains_key("createdDateTime") && object.contains_key("status") && (object.contains_key("userPrincipalName") || object.contains_key("appId"))) {
        return Err(ParseError::new(0, "not a sign-in record: neither properties nor the Graph signIn fields (createdDateTime, status) are present"));
    }

    let mut parsed = json_support::flattened(value, None);
    let prefix = if diagnostic { "properties." } else { "" };
    parsed.variant = Some(variant_of(&parsed.fields, prefix));
    Ok(parsed)
}

/// Log Analytics tables of the sign-in categories, with the diagnostic category each holds.
const LOG_ANALYTICS_TABLES: &[(&str, &str)] = &[
    ("SigninLogs", "SignInLogs"),
    ("AADNonInteractiveUserSignInLogs", "NonInteractiveUserSignInLogs"),
    ("AADServicePrincipalSignInLogs", "ServicePrincipalSignInLogs"),
    ("AADManagedIdentitySignInLogs", "ManagedIdentitySignInLogs"),
];

/// Rewrites a row of a Log Analytics sign-in table (Microsoft Sentinel and `az monitor
/// log-analytics query` exports) into the Graph `signIn` shape, or returns `None` for any
/// other object.
///
/// The columns are the Graph property names in PascalCase (`UserPrincipalName`,
/// `ConditionalAccessStatus`), except `IPAddress`, `LocationDetails` (Graph `location`),
/// `ResultType` and `ResultDescription` (the status error code and failure reason), and
/// `TimeGenerated` (when the row was written). Columns of dynamic type, such as `Status` and
/// `DeviceDetail`, arrive as objects or, in CSV-derived exports, as JSON text.
fn log_analytics_row(object: &Map<String, Value>) -> Option<Value> {
    let table = object.get("Type").and_then(Value::as_str);
    let category = match table.and_then(|t| LOG_ANALYTICS_TABLES.iter().find(|(name, _)| name.eq_ignore_ascii_case(t))) {
        Some((_, category)) => *category,
        None if table.is_none() && object.contains_key("TimeGenerated") && (object.contains_key("ResultType") || object.contains_key("UserPrincipalName")) => {
            object.get("Category").and_then(Value::as_str).filter(|c| c.ends_with("SignInLogs")).unwrap_or("SignInLogs")
        }
        None => return None,
    };

    let mut graph = Map::new();
    for (column, value) in object {
        let name = match column.as_str() {
            "IPAddress" => "ipAddress".to_string(),
            "LocationDetails" => "location".to_string(),
            "TimeGenerated" => "time".to_string(),
            "Type" | "ResultType" | "ResultDescription" | "ResultSignature" | "SourceSystem" | "Category" => continue,
            other => lower_first(other),
        };
        let value = match value {
            Value::String(text) if matches!(text.trim_start().as_bytes().first(), Some(b'{' | b'[')) => {
                serde_json::from_str(text).unwrap_or_else(|_| value.clone())
            }
            other => other.clone(),
        };
        graph.insert(name, value);
    }
    graph.insert("category".into(), category.into());
    let status = graph.entry("status").or_insert_with(|| Value::Object(Map::new()));
    if let Value::Object(status) = status {
        if !status.contains_key("errorCode") {
            if let Some(code) = object.get("ResultType").filter(|v| !v.is_null()) {
                status.insert("errorCode".into(), code.clone());
            }
        }
        if !status.contains_key("failureReason") {
            if let Some(reason) = object.get("ResultDescription").filter(|v| v.as_str().is_some_and(|r| !r.is_empty())) {
                status.insert("failureReason".into(), reason.clone());
            }
        }
    }
    Some(Value::Object(graph))
}

/// Returns `name` with its first character in lower case: `UserPrincipalName` becomes
/// `userPrincipalName`.
fn lower_first(name: &str) -> String {
    let mut chars = name.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Tells the variant from the error code, risk and interactivity of a flattened record.
fn variant_of(fields: &FieldMap, prefix: &str) -> &'static str {
    let property = |name: &str| fields.get(&format!("{prefix}{name}"));
    let code = property("status.errorCode").and_then(|v| v.as_i64().or_else(|| v.as_str().and_then(|s| s.parse().ok()))).unwrap_or(0);
    let index = match code {
        0 => {
            let risk = property("riskLevelDuringSignIn").and_then(Value::as_str).unwrap_or("none");
            let at_risk = property("riskState").and_then(Value::as_str) == Some("atRisk");
            let interactive = property("isInteractive").and_then(Value::as_bool).unwrap_or(true);
            let category = json_support::text(fields, "category").unwrap_or("");
            if matches!(risk, "medium" | "high") || at_risk {
                RISKY
            } else if !interactive || category == "NonInteractiveUserSignInLogs" {
                NONINTERACTIVE
            } else {
                SUCCESS
            }
        }
        50053 => LOCKED,
        50074 | 50076 | 50079 => MFA_REQUIRED,
        53003 => CA_BLOCKED,
        500121 => MFA_DENIED,
        _ => FAILURE,
    };
    VARIANTS[index].name
}

fn sign_in_record(parsed: &Parsed) -> Result<Object, ParseError> {
    let fields = &parsed.fields;
    let prefix = if fields.keys().any(|k| k.starts_with("properties.")) { "properties." } else { "" };
    let name = |name: &str| format!("{prefix}{name}");
    let text = |key: &str| json_support::text(fields, &name(key));
    // createdDateTime is when the sign-in was initiated (Microsoft Graph signIn resource). The
    // `time` of an Azure Monitor record is when the record was written, often minutes later.
    let time = match json_support::rfc3339_time(fields, &[&name("createdDateTime"), "time"]) {
        Ok(time) => time,
        Err(error) => json_support::text(fields, "time")
            .filter(|_| text("createdDateTime").is_none())
            .and_then(monitor_time)
            .ok_or(error)?,
    };

    let mut record = RecordBuilder::new(class::AUTHENTICATION, 1, time, &META);
    if !prefix.is_empty() {
        if let Some(logged) = json_support::text(fields, "time").and_then(monitor_time) {
            record.set("metadata.logged_time", logged.millis());
        }
    }
    record.set_str("metadata.uid", text("id"));
    record.set_str("metadata.correlation_uid", json_support::first_text(fields, &[&name("correlationId"), "correlationId"]));
    record.set_str("metadata.log_name", json_support::text(fields, "category"));
    record.set("metadata.profiles", vec![Value::from("cloud")]);
    record.set("cloud.provider", "Azure");
    if let Some(tenant) = json_support::first_text(fields, &["tenantId", &name("tenantId"), &name("homeTenantId")]) {
        record.set("cloud.account.uid", tenant);
    }

    let upn = text("userPrincipalName");
    let person = upn.or_else(|| text("userDisplayName")).or_else(|| text("userId"));
    // Service principal and managed identity sign-ins name no user: the signing-in identity is
    // the service principal, whose display name is that of its application. Their `userType`
    // still reads Member, so it does not make the principal a user.
    let principal_id = text("servicePrincipalId");
    let principal = text("servicePrincipalName").or(principal_id.and(text("appDisplayName"))).or(principal_id);
    match (person, principal) {
        (None, Some(principal)) => {
            record.set("user.name", principal);
            record.set_str("user.uid", principal_id);
            record.set("user.display_name", principal);
            record.set("user.type_id", 4).set("user.type", "Service");
        }
        _ => {
            record.set("user.name", person.unwrap_or("unknown"));
            record.set_str("user.uid", text("userId"));
            record.set_str("user.full_name", text("userDisplayName"));
            record.set_str("user.display_name", text("userDisplayName"));
            if let Some(email) = upn.filter(|u| u.contains('@')) {
                record.set("user.email_addr", email);
            }
            match text("userType") {
                Some(kind) if kind.eq_ignore_ascii_case("member") => record.set("user.type_id", 1).set("user.type", "User"),
                Some(kind) => record.set("user.type_id", 99).set("user.type", kind),
                None => &mut record,
            };
        }
    }

    let code = fields.get(&name("status.errorCode")).and_then(|v| v.as_i64().or_else(|| v.as_str().and_then(|s| s.parse().ok())));
    match code {
        Some(0) | None => {
            record.status(ocsf::status::SUCCESS).set("status", "Success");
        }
        Some(code) => {
            record.status(ocsf::status::FAILURE).set("status", "Failure").set("status_code", code.to_string());
            record.set_str("status_detail", text("status.failureReason").or_else(|| json_support::text(fields, "resultDescription")));
            record.severity(ocsf::severity::LOW);
        }
    }
    match text("riskLevelDuringSignIn") {
        Some("low") => {
            record.set("risk_level_id", 1).set("risk_level", "Low");
        }
        Some("medium") => {
            record.set("risk_level_id", 2).set("risk_level", "Medium").severity(ocsf::severity::MEDIUM);
        }
        Some("high") => {
            record.set("risk_level_id", 3).set("risk_level", "High").severity(ocsf::severity::HIGH);
        }
        _ => {}
    }
    if matches!(code, Some(50053) | Some(53003)) {
        record.severity(ocsf::severity::MEDIUM);
    }

    set_endpoints(&mut record, fields, prefix);
    // Authentication needs a service or destination. Service principal and managed identity
    // sign-ins often give no application name, only the resource that the token is for, which
    // then names the service. A record that names neither, as in trimmed exports, still records
    // a sign-in to some service, so the name is the application id or unknown.
    let (service, service_uid) = match (text("appDisplayName"), text("resourceDisplayName")) {
        (Some(app), _) => (Some(app), text("appId")),
        // `resourceId` is the resource's application id in the signIn resource, but the Azure
        // resource path of the log in a Log Analytics row, which has `ResourceIdentity`.
        (None, Some(resource)) => (Some(resource), text("resourceId").filter(|id| !id.starts_with('/')).or_else(|| text("resourceIdentity"))),
        (None, None) => (text("appId"), text("appId")),
    };
    record.set("service.name", service.unwrap_or("unknown"));
    record.set_str("service.uid", service_uid);
    record.set_str("dst_endpoint.svc_name", text("resourceDisplayName"));
    record.set_str("http_request.user_agent", text("userAgent"));
    let mfa = text("authenticationRequirement") == Some("multiFactorAuthentication") || text("mfaDetail.authMethod").is_some();
    record.set("is_mfa", mfa);
    record.set("is_remote", true);
    if let Some(interactive) = fields.get(&name("isInteractive")).and_then(Value::as_bool) {
        if interactive {
            record.set("logon_type", "Interactive").set("logon_type_id", 2);
        } else {
            record.set("logon_type", "Non-interactive").set("logon_type_id", 99);
        }
    }
    match text("authenticationProtocol") {
        Some("saml20") => record.set("auth_protocol", "SAML").set("auth_protocol_id", 5),
        Some("oAuth2") | Some("ropc") | Some("deviceCode") => record.set("auth_protocol", "OAUTH 2.0").set("auth_protocol_id", 6),
        Some("wsFederation") => record.set("auth_protocol", "WS-Federation").set("auth_protocol_id", 99),
        _ => &mut record,
    };
    record.set_str("session.uid", text("sessionId"));
    Ok(record.build())
}

/// Reads the `time` of an Azure Monitor record: RFC 3339, or the US form
/// `11/14/2025 1:48:53 AM` (month first, 12-hour clock optional, `+01:00` offset optional)
/// that some exports write. A time without an offset is UTC.
fn monitor_time(text: &str) -> Option<Timestamp> {
    if let Ok(time) = crate::timestamp::parse_rfc3339(text) {
        return Some(time);
    }
    let mut words = text.split_whitespace();
    let mut date = words.next()?.split('/').map(|part| part.parse::<u32>().ok());
    let (month, day, year) = (date.next()??, date.next()??, date.next()??);
    let mut clock = words.next()?.split(':').map(|part| part.parse::<u32>().ok());
    let (mut hour, minute, second) = (clock.next()??, clock.next()??, clock.next()?.unwrap_or(0));
    let mut offset_minutes = 0_i64;
    for word in words {
        match word.to_ascii_uppercase().as_str() {
            "AM" if (1..=12).contains(&hour) => hour %= 12,
            "PM" if (1..=12).contains(&hour) => hour = hour % 12 + 12,
            offset => {
                let sign = match offset.as_bytes().first()? {
                    b'+' => 1,
                    b'-' => -1,
                    _ => return None,
                };
                let (hours, minutes) = offset.get(1..)?.split_once(':')?;
                if hours.len() > 2 || minutes.len() != 2 {
                    return None;
                }
                offset_minutes = sign * (hours.parse::<i64>().ok()? * 60 + minutes.parse::<i64>().ok()?);
            }
        }
    }
    let valid = (1..=12).contains(&month) && (1..=31).contains(&day) && (1000..=9999).contains(&year) && hour < 24 && minute < 60 && second < 61;
    if !valid {
        return None;
    }
    let local = Timestamp::from_civil(i32::try_from(year).ok()?, month, day, hour, minute, second, 0);
    Some(Timestamp::from_millis(local.millis() - offset_minutes * 60_000))
}

/// Sets `src_endpoint` and `device` from the client address, location and device details.
fn set_endpoints(record: &mut RecordBuilder, fields: &FieldMap, prefix: &str) {
    let name = |name: &str| format!("{prefix}{name}");
    let text = |key: &str| json_support::text(fields, &name(key));
    match json_support::first_text(fields, &[&name("ipAddress"), "callerIpAddress"]) {
        Some(ip) => record.set("src_endpoint.ip", ip),
        None => record.set("src_endpoint.name", "unknown"),
    };
    record.set_str("src_endpoint.location.city", text("location.city"));
    record.set_str("src_endpoint.location.region", text("location.state"));
    record.set_str("src_endpoint.location.country", text("location.countryOrRegion"));
    if let (Some(lat), Some(long)) = (
        fields.get(&name("location.geoCoordinates.latitude")).and_then(Value::as_f64),
        fields.get(&name("location.geoCoordinates.longitude")).and_then(Value::as_f64),
    ) {
        record.set("src_endpoint.location.lat", lat).set("src_endpoint.location.long", long);
    }
    if let Some(number) = json_support::integer(fields, &name("autonomousSystemNumber")) {
        record.set("src_endpoint.autonomous_system.number", number);
    }

    let device_id = text("deviceDetail.deviceId");
    let device_name = text("deviceDetail.displayName");
    if device_id.is_none() && device_name.is_none() {
        return;
    }
    let os = text("deviceDetail.operatingSystem").unwrap_or("");
    let (type_id, caption) = match os.to_ascii_lowercase().as_str() {
        "ios" | "android" => (5, "Mobile"),
        o if o.starts_with("windows") || o.starts_with("macos") || o.starts_with("linux") => (2, "Desktop"),
        _ => (0, "Unknown"),
    };
    record.set("device.type_id", type_id).set("device.type", caption);
    record.set_str("device.uid", device_id);
    record.set_str("device.name", device_name);
    record.set_str("device.hostname", device_name);
    if !os.is_empty() {
        let (os_type_id, os_type) = json_support::os_type(os);
        record.set("device.os.name", os).set("device.os.type_id", os_type_id).set("device.os.type", os_type);
    }
    if let Some(compliant) = json_support::boolean(fields, &name("deviceDetail.isCompliant")) {
        record.set("device.is_compliant", compliant);
    }
    if let Some(managed) = json_support::boolean(fields, &name("deviceDetail.isManaged")) {
        record.set("device.is_managed", managed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::parse_str;
    use crate::sources::testing;

    #[test]
    fn round_trip_every_variant() {
        testing::assert_round_trip(&MicrosoftAzureAdSignin, 0..200);
    }

    const LOCKED_OUT: &str = r#"{"time":"2026-01-05T09:14:03.1234567Z","resourceId":"/tenants/6f2c1d4e-8a9b-4c3d-9e8f-7a6b5c4d3e2f/providers/Microsoft.aadiam","operationName":"Sign-in activity","operationVersion":"1.0","category":"SignInLogs","tenantId":"6f2c1d4e-8a9b-4c3d-9e8f-7a6b5c4d3e2f","resultType":"50053","resultSignature":"None","resultDescription":"Account is locked because user tried to sign in too many times with an incorrect user ID or password.","durationMs":0,"callerIpAddress":"203.0.113.60","correlationId":"0d1e2f3a-4b5c-4d6e-8f7a-9b0c1d2e3f4a","identity":"Mei Tanaka","Level":4,"location":"RO","properties":{"id":"1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d","createdDateTime":"2026-01-05T09:12:51.7654321+00:00","userDisplayName":"Mei Tanaka","userPrincipalName":"mei.tanaka@acme.example","userId":"2b3c4d5e-6f7a-4b8c-9d0e-1f2a3b4c5d6e","appId":"d3590ed6-52b3-4102-aeff-aad2292ab01c","appDisplayName":"Microsoft Office","ipAddress":"203.0.113.60","status":{"errorCode":50053,"failureReason":"Account is locked because user tried to sign in too many times with an incorrect user ID or password."},"clientAppUsed":"Browser","userAgent":"Mozilla/5.0","deviceDetail":{"deviceId":"","operatingSystem":"Windows10","browser":"Chrome 131.0.0"},"location":{"city":"Bucharest","state":"Bucuresti","countryOrRegion":"RO","geoCoordinates":{"latitude":44.4323,"longitude":26.1063}},"correlationId":"0d1e2f3a-4b5c-4d6e-8f7a-9b0c1d2e3f4a","conditionalAccessStatus":"notApplied","isInteractive":true,"riskLevelDuringSignIn":"none","riskState":"none","resourceDisplayName":"Office 365 Exchange Online","authenticationRequirement":"singleFactorAuthentication","userType":"Member"}}"#;

    /// Hand-written records: (intent, text, status_id, variant).
    fn samples() -> Vec<(&'static str, String, u32, &'static str)> {
        vec![
            ("diagnostic record of a lockout", LOCKED_OUT.to_string(), 2, "locked"),
            ("Event Hubs batch of two records", format!("{{\"records\":[{LOCKED_OUT},{}]}}", LOCKED_OUT.replace("50053", "0")), 2, "eventhub"),
            (
                "Graph API signIn resource",
                r#"{"id":"3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e6f","createdDateTime":"2026-01-05T10:00:00Z","userDisplayName":"Tariq Okafor","userPrincipalName":"tariq.okafor@acme.example","userId":"4d5e6f7a-8b9c-4d0e-9f1a-2b3c4d5e6f7a","appId":"c44b4083-3bb0-49c1-b47d-974e53cbdf3c","appDisplayName":"Azure Portal","ipAddress":"198.51.100.9","clientAppUsed":"Browser","correlationId":"5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b","conditionalAccessStatus":"success","isInteractive":true,"riskLevelDuringSignIn":"none","status":{"errorCode":0,"failureReason":"Other.","additionalDetails":null},"deviceDetail":{"deviceId":"6f7a8b9c-0d1e-4f2a-9b3c-4d5e6f7a8b9c","displayName":"WS-10042","operatingSystem":"Windows10","browser":"Edge 131.0.0","isCompliant":true,"isManaged":true,"trustType":"Hybrid Azure AD joined"},"location":{"city":"London","state":"England","countryOrRegion":"GB","geoCoordinates":{"altitude":null,"latitude":51.529,"longitude":-0.099}},"mfaDetail":{"authMethod":"Mobile app notification"},"authenticationRequirement":"multiFactorAuthentication"}"#.to_string(),
                1,
                "success",
            ),
            (
                "non-interactive record with a string error code",
                r#"{"time":"2026-01-05T11:00:00.0000000Z","operationName":"Sign-in activity","category":"NonInteractiveUserSignInLogs","resultType":"0","callerIpAddress":"192.0.2.14","properties":{"id":"7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d","createdDateTime":"2026-01-05T10:59:01.0000000+00:00","userPrincipalName":"ana.silva@acme.example","appDisplayName":"Microsoft Teams","ipAddress":"192.0.2.14","status":{"errorCode":"0"},"isInteractive":false}}"#.to_string(),
                1,
                "noninteractive",
            ),
            (
                "MFA interrupt",
                LOCKED_OUT.replace("50053", "50076").to_string(),
                2,
                "mfa_required",
            ),
        ]
    }

    #[test]
    fn hand_written_records_parse() {
        for (name, text, status_id, variant) in samples() {
            let outcomes = parse_str("microsoft_azure_ad_signin", &text, ParseOptions::default()).unwrap();
            assert!(!outcomes.is_empty(), "{name}");
            let record = outcomes[0].as_ref().unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(record.ocsf["class_uid"], 3002, "{name}");
            assert_eq!(record.ocsf["status_id"], status_id, "{name}");
            assert_eq!(record.parsed.variant, Some(variant), "{name}");
            for outcome in &outcomes {
                testing::assert_valid_ocsf(&outcome.as_ref().unwrap().ocsf, name);
            }
        }
    }

    #[test]
    fn batch_of_two_yields_two_records() {
        let text = format!("{{\"records\":[{LOCKED_OUT},{LOCKED_OUT}]}}");
        let outcomes = parse_str("microsoft_azure_ad_signin", &text, ParseOptions::default()).unwrap();
        assert_eq!(outcomes.len(), 2);
        assert!(outcomes.iter().all(Result::is_ok));
    }

    #[test]
    fn lockout_maps_user_source_and_code() {
        let outcomes = parse_str("microsoft_azure_ad_signin", LOCKED_OUT, ParseOptions::default()).unwrap();
        let record = &outcomes[0].as_ref().unwrap().ocsf;
        assert_eq!(record["user"]["name"], "mei.tanaka@acme.example");
        assert_eq!(record["status_code"], "50053");
        assert_eq!(record["src_endpoint"]["ip"], "203.0.113.60");
        assert_eq!(record["src_endpoint"]["location"]["country"], "RO");
        assert_eq!(record["severity_id"], 3);
        assert_eq!(record["service"]["name"], "Microsoft Office");
    }

    #[test]
    fn sign_in_time_is_created_date_time() {
        let outcomes = parse_str("microsoft_azure_ad_signin", LOCKED_OUT, ParseOptions::default()).unwrap();
        let record = &outcomes[0].as_ref().unwrap().ocsf;
        let created = crate::timestamp::parse_rfc3339("2026-01-05T09:12:51.765Z").unwrap();
        let written = crate::timestamp::parse_rfc3339("2026-01-05T09:14:03.123Z").unwrap();
        assert_eq!(record["time"], created.millis(), "the sign-in started at createdDateTime");
        assert_eq!(record["metadata"]["logged_time"], written.millis(), "Azure Monitor wrote the record at time");
        assert_eq!(record["user"]["display_name"], "Mei Tanaka");
        testing::assert_valid_ocsf(record, "locked out");
    }

    #[test]
    fn log_analytics_row_maps_like_graph_record() {
        let row = r#"{"TenantId":"6f2c1d4e-8a9b-4c3d-9e8f-7a6b5c4d3e2f","SourceSystem":"Azure AD","TimeGenerated":"2026-01-05T09:20:44.512Z","ResourceId":"/tenants/6f2c1d4e-8a9b-4c3d-9e8f-7a6b5c4d3e2f/providers/Microsoft.aadiam","OperationName":"Sign-in activity","Category":"SignInLogs","ResultType":"50126","ResultDescription":"Error validating credentials due to invalid username or password.","CreatedDateTime":"2026-01-05T09:17:02.250Z","Id":"9b8a7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d","UserPrincipalName":"pavel.novak@acme.example","UserDisplayName":"Pavel Novak","UserId":"1f2e3d4c-5b6a-4978-8a9b-0c1d2e3f4a5b","AppDisplayName":"Azure Portal","AppId":"c44b4083-3bb0-49c1-b47d-974e53cbdf3c","IPAddress":"203.0.113.142","LocationDetails":"{\"city\":\"Prague\",\"state\":\"Praha\",\"countryOrRegion\":\"CZ\",\"geoCoordinates\":{\"latitude\":50.08,\"longitude\":14.42}}","Status":"{\"errorCode\":50126,\"failureReason\":\"Invalid username or password.\"}","DeviceDetail":{"deviceId":"","operatingSystem":"Linux","browser":"Firefox 133.0"},"IsInteractive":true,"UserAgent":"Mozilla/5.0 (X11; Linux x86_64; rv:133.0)","Type":"SigninLogs"}"#;
        let outcomes = parse_str("microsoft_azure_ad_signin", row, ParseOptions::default()).unwrap();
        let record = outcomes[0].as_ref().unwrap_or_else(|e| panic!("{e}"));
        let ocsf = &record.ocsf;
        testing::assert_valid_ocsf(ocsf, "Log Analytics row");
        assert_eq!(record.parsed.variant, Some("failure"));
        assert_eq!(ocsf["time"], crate::timestamp::parse_rfc3339("2026-01-05T09:17:02.250Z").unwrap().millis());
        assert_eq!(ocsf["user"]["name"], "pavel.novak@acme.example");
        assert_eq!(ocsf["src_endpoint"]["ip"], "203.0.113.142");
        assert_eq!(ocsf["src_endpoint"]["location"]["city"], "Prague");
        assert_eq!(ocsf["status_id"], 2);
        assert_eq!(ocsf["status_code"], "50126");
        assert_eq!(ocsf["status_detail"], "Invalid username or password.");
        assert_eq!(ocsf["service"]["name"], "Azure Portal");
        assert_eq!(ocsf["metadata"]["uid"], "9b8a7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d");

        // A non-interactive row without Status takes its code from ResultType.
        let refresh = r#"{"TimeGenerated":"2026-01-05T10:00:00Z","ResultType":"0","UserPrincipalName":"pavel.novak@acme.example","IPAddress":"2001:db8:4::9","IsInteractive":false,"Type":"AADNonInteractiveUserSignInLogs"}"#;
        let outcomes = parse_str("microsoft_azure_ad_signin", refresh, ParseOptions::default()).unwrap();
        let record = outcomes[0].as_ref().unwrap_or_else(|e| panic!("{e}"));
        testing::assert_valid_ocsf(&record.ocsf, "non-interactive row");
        assert_eq!(record.parsed.variant, Some("noninteractive"));
        assert_eq!(record.ocsf["status_id"], 1);
        assert_eq!(record.ocsf["src_endpoint"]["ip"], "2001:db8:4::9");
    }

    #[test]
    fn managed_identity_sign_in_names_the_resource() {
        let diagnostic = r#"{"time":"2026-01-05T12:05:00.0000000Z","operationName":"Sign-in activity","category":"ManagedIdentitySignInLogs","resultType":"0","callerIpAddress":"","properties":{"id":"1b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e","createdDateTime":"2026-01-05T12:04:58.0000000+00:00","appId":"6e7f8a9b-0c1d-4e2f-9a3b-4c5d6e7f8a9b","ipAddress":"","servicePrincipalId":"9d0e1f2a-3b4c-4d5e-8f6a-7b8c9d0e1f2a","servicePrincipalName":"vm-reports-02","resourceDisplayName":"Azure Key Vault","resourceId":"cfa8b339-82a2-471a-a3c9-0fc0be7a4093","managedIdentityType":"SystemAssigned","status":{"errorCode":0}}}"#;
        let outcomes = parse_str("microsoft_azure_ad_signin", diagnostic, ParseOptions::default()).unwrap();
        let ocsf = &outcomes[0].as_ref().unwrap_or_else(|e| panic!("{e}")).ocsf;
        testing::assert_valid_ocsf(ocsf, "managed identity");
        assert_eq!(ocsf["user"]["name"], "vm-reports-02");
        assert_eq!(ocsf["service"]["name"], "Azure Key Vault", "the resource names the service when no application does");
        assert_eq!(ocsf["service"]["uid"], "cfa8b339-82a2-471a-a3c9-0fc0be7a4093");

        let row = r#"{"TenantId":"6f2c1d4e-8a9b-4c3d-9e8f-7a6b5c4d3e2f","TimeGenerated":"2026-01-05T12:06:00Z","ResourceId":"/tenants/6f2c1d4e-8a9b-4c3d-9e8f-7a6b5c4d3e2f/providers/Microsoft.aadiam","OperationName":"Sign-in activity","Category":"ServicePrincipalSignInLogs","ResultType":"0","Id":"2c3d4e5f-6a7b-4c8d-9e0f-1a2b3c4d5e6f","AppId":"7f8a9b0c-1d2e-4f3a-8b4c-5d6e7f8a9b0c","IPAddress":"198.51.100.201","ResourceDisplayName":"Microsoft Graph","ResourceIdentity":"00000003-0000-0000-c000-000000000000","ServicePrincipalId":"0e1f2a3b-4c5d-4e6f-9a7b-8c9d0e1f2a3b","ServicePrincipalName":"export-job","Type":"AADServicePrincipalSignInLogs"}"#;
        let outcomes = parse_str("microsoft_azure_ad_signin", row, ParseOptions::default()).unwrap();
        let ocsf = &outcomes[0].as_ref().unwrap_or_else(|e| panic!("{e}")).ocsf;
        testing::assert_valid_ocsf(ocsf, "service principal row");
        assert_eq!(ocsf["service"]["name"], "Microsoft Graph");
        assert_eq!(ocsf["service"]["uid"], "00000003-0000-0000-c000-000000000000");
    }

    #[test]
    fn service_principal_sign_in_names_the_principal() {
        let text = r#"{"time":"2026-01-05T12:01:00.0000000Z","operationName":"Sign-in activity","category":"ServicePrincipalSignInLogs","resultType":"0","callerIpAddress":"198.51.100.200","properties":{"id":"0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d","createdDateTime":"2026-01-05T12:00:31.0000000+00:00","appId":"5d6e7f8a-9b0c-4d1e-8f2a-3b4c5d6e7f8a","appDisplayName":"backup-runner","ipAddress":"198.51.100.200","servicePrincipalId":"8c9d0e1f-2a3b-4c4d-9e5f-6a7b8c9d0e1f","servicePrincipalName":"backup-runner","resourceDisplayName":"Microsoft Graph","status":{"errorCode":0},"userPrincipalName":"","userId":"","userDisplayName":"","userType":"Member"}}"#;
        let outcomes = parse_str("microsoft_azure_ad_signin", text, ParseOptions::default()).unwrap();
        let ocsf = &outcomes[0].as_ref().unwrap_or_else(|e| panic!("{e}")).ocsf;
        testing::assert_valid_ocsf(ocsf, "service principal");
        assert_eq!(ocsf["user"]["name"], "backup-runner");
        assert_eq!(ocsf["user"]["uid"], "8c9d0e1f-2a3b-4c4d-9e5f-6a7b8c9d0e1f");
        assert_eq!(ocsf["user"]["type_id"], 4);

        // Without servicePrincipalName, the principal goes by its application's name.
        let unnamed = text.replace(r#""servicePrincipalName":"backup-runner","#, "");
        let outcomes = parse_str("microsoft_azure_ad_signin", &unnamed, ParseOptions::default()).unwrap();
        let ocsf = &outcomes[0].as_ref().unwrap_or_else(|e| panic!("{e}")).ocsf;
        assert_eq!(ocsf["user"]["name"], "backup-runner");
        assert_eq!(ocsf["user"]["type_id"], 4);
    }

    #[test]
    fn monitor_time_reads_us_forms() {
        let expected = crate::timestamp::parse_rfc3339("2025-11-14T13:48:53Z").unwrap();
        assert_eq!(monitor_time("11/14/2025 1:48:53 PM"), Some(expected));
        assert_eq!(monitor_time("11/14/2025 13:48:53"), Some(expected));
        assert_eq!(monitor_time("11/14/2025 2:48:53 PM +01:00"), Some(expected));
        assert_eq!(monitor_time("2025-11-14T13:48:53Z"), Some(expected));
        let midnight = crate::timestamp::parse_rfc3339("2025-01-09T00:05:00Z").unwrap();
        assert_eq!(monitor_time("1/9/2025 12:05:00 AM"), Some(midnight));
        let invalid = ["13/14/2025 1:00:00 AM", "11/14/2025 13:00:00 PM", "yesterday", "11/14/2025", "11/14/2025 1:00:00 XM", "1/1/2025 1:00:00 +99999999999999999:00"];
        for invalid in invalid {
            assert_eq!(monitor_time(invalid), None, "{invalid}");
        }

        // A record without createdDateTime takes the record time.
        let record = r#"{"time":"11/14/2025 1:48:53 PM","operationName":"Sign-in activity","category":"SignInLogs","properties":{"id":"5f4e3d2c-1b0a-4f9e-8d7c-6b5a4f3e2d1c","userPrincipalName":"lea.roux@acme.example","appDisplayName":"Azure Portal","ipAddress":"192.0.2.61","status":{"errorCode":0}}}"#;
        let outcomes = parse_str("microsoft_azure_ad_signin", record, ParseOptions::default()).unwrap();
        let ocsf = &outcomes[0].as_ref().unwrap_or_else(|e| panic!("{e}")).ocsf;
        assert_eq!(ocsf["time"], expected.millis());
        assert_eq!(ocsf["metadata"]["logged_time"], expected.millis());
    }

    #[test]
    fn malformed_input_is_rejected() {
        let cases = [
            ("plain text", "Sign-in activity for mei.tanaka"),
            ("truncated JSON", r#"{"operationName":"Sign-in activity","properties":{"#),
            ("an audit log record", r#"{"time":"2026-01-05T09:00:00Z","operationName":"Add user","category":"AuditLogs","properties":{"id":"1"}}"#),
            ("a Graph directory audit", r#"{"id":"Directory_1","activityDateTime":"2026-01-05T09:00:00Z","activityDisplayName":"Update user","result":"success"}"#),
            ("sign-in without a time", r#"{"operationName":"Sign-in activity","category":"SignInLogs","properties":{"id":"1","status":{"errorCode":0}}}"#),
        ];
        for (name, text) in cases {
            let outcomes = parse_str("microsoft_azure_ad_signin", text, ParseOptions::default()).unwrap();
            assert!(!outcomes.is_empty(), "{name}: no outcome");
            assert!(outcomes.iter().all(Result::is_err), "{name}: accepted");
        }
    }

    #[test]
    fn corpus_samples_parse() {
        let folders = ["sekoia/Azure/azure-ad", "sekoia/Microsoft/microsoft-entraid-graphapi", "tenzir/microsoft/tests/inputs/graph"];
        let Some(samples) = testing::corpus_samples(&folders, |_| true) else {
            println!("corpus not found; skipped");
            return;
        };
        let outcomes = testing::corpus_outcomes("microsoft_azure_ad_signin", &samples);
        // The folders also contain directory audits, risk detections and Graph activity logs,
        // which this source must reject. A sample is a sign-in when its file name says so.
        for outcome in &outcomes {
            let sign_in = outcome.name.contains("sign");
            assert_eq!(outcome.result.is_ok(), sign_in, "{}: {:?}", outcome.name, outcome.result.as_ref().err());
        }
    }
}
