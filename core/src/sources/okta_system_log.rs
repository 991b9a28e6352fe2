//! Okta System Log: `LogEvent` objects as the System Log API (`/api/v1/logs`) returns them,
//! one JSON object per event, or an array of them (one API page).
//!
//! Format: LogEvent version 0 with the actor, client, authenticationContext,
//! securityContext, debugContext, transaction, request.ipChain and target elements of Okta
//! Identity Engine orgs. The reader takes any eventType and maps it by its prefix.
//! Vendor documentation: <https://developer.okta.com/docs/reference/api/system-log/>.

use std::fmt::Write as _;
use std::net::Ipv4Addr;

use serde_json::{Map, Value};

use super::json_support::{self, Alphabet, JsonObject, Place};
use super::{Alias, Framing, GenContext, ParseOptions, ParseState, Parsed, Source, SourceMeta, Variant, WireFormat};
use crate::field_map::FieldMap;
use crate::error::ParseError;
use crate::fields::Fields;
use crate::format::json;
use crate::ocsf::{self, class, Node, Object, RecordBuilder};
use crate::timestamp::Timestamp;
use crate::world::{Application, User, World};

/// The `okta_system_log` source.
pub struct OktaSystemLog;

const VARIANTS: &[Variant] = &[
    Variant { name: "user.session.start", weight: 250, format: WireFormat::Json, description: "a user signed in to Okta" },
    Variant { name: "user.session.start_failure", weight: 40, format: WireFormat::Json, description: "a sign-in to Okta failed" },
    Variant { name: "user.authentication.sso", weight: 400, format: WireFormat::Json, description: "a user signed on to an application" },
    Variant { name: "user.authentication.auth_via_mfa", weight: 150, format: WireFormat::Json, description: "a user passed a second factor" },
    Variant { name: "policy.evaluate_sign_on", weight: 150, format: WireFormat::Json, description: "Okta evaluated a sign-on policy" },
    Variant { name: "user.mfa.factor.deactivate", weight: 4, format: WireFormat::Json, description: "an administrator reset a user's factor" },
    Variant { name: "user.account.lock", weight: 6, format: WireFormat::Json, description: "a user was locked out after failed sign-ins" },
    Variant { name: "user.lifecycle.create", weight: 5, format: WireFormat::Json, description: "an administrator created a user" },
    Variant { name: "group.user_membership.add", weight: 15, format: WireFormat::Json, description: "a user was added to a group" },
    Variant { name: "application.user_membership.add", weight: 12, format: WireFormat::Json, description: "a user was assigned to an application" },
    Variant { name: "system.api_token.create", weight: 2, format: WireFormat::Json, description: "an administrator created an API token" },
];

const SESSION_START: usize = 0;
const SESSION_FAILURE: usize = 1;
const SSO: usize = 2;
const AUTH_VIA_MFA: usize = 3;
const POLICY_EVALUATE: usize = 4;
const FACTOR_DEACTIVATE: usize = 5;
const ACCOUNT_LOCK: usize = 6;
const USER_CREATE: usize = 7;
const GROUP_ADD: usize = 8;
const APP_ADD: usize = 9;
const TOKEN_CREATE: usize = 10;

static META: SourceMeta = SourceMeta {
    id: "okta_system_log",
    aliases: &[Alias {
        id: "okta_authentication",
        variants: &["user.session.start", "user.session.start_failure", "user.authentication.sso", "user.authentication.auth_via_mfa"],
        weights: &[],
    }],
    vendor: "Okta",
    product: "Okta System Log",
    category: "identity",
    formats: &[WireFormat::Json],
    sourcetype: "OktaIM2:log",
    ocsf_classes: &[class::AUTHENTICATION, class::ACCOUNT_CHANGE, class::GROUP_MANAGEMENT, class::API_ACTIVITY, class::DETECTION_FINDING],
    doc_url: "https://developer.okta.com/docs/reference/api/system-log/",
    versions: "System Log API v1, LogEvent version 0 (Okta Identity Engine)",
    known_gaps: &[
        "device (Okta Verify device context) is generated as null",
        "eventTypes other than the variants are read and mapped by prefix, not one by one",
    ],
    variants: VARIANTS,
    framing: Framing::Lines,
    host_fields: &[],
};

/// Browsers: raw user agent, the OS and browser Okta derives from it, and the device class.
const AGENTS: &[(&str, &str, &str, &str)] = &[
    ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36", "Windows 10", "CHROME", "Computer"),
    ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0", "Windows 10", "EDGE_CHROMIUM", "Computer"),
    ("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6 Safari/605.1.15", "Mac OS X", "SAFARI", "Computer"),
    ("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36", "Mac OS X", "CHROME", "Computer"),
    ("Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1", "iOS", "SAFARI", "Mobile"),
    ("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36", "Android 14", "CHROME", "Mobile"),
];
/// User agents of password-spraying tools.
const TOOL_AGENTS: &[(&str, &str, &str, &str)] = &[
    ("python-requests/2.32.3", "Unknown", "UNKNOWN", "Unknown"),
    ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36", "Windows 10", "CHROME", "Computer"),
];
const GROUPS: &[&str] = &["Engineering", "Finance", "AWS-Admins", "VPN-Users", "Salesforce-Users", "Contractors", "Helpdesk"];
const FACTORS: &[&str] = &["OKTA_VERIFY_PUSH", "OKTA_VERIFY_PUSH", "FIDO_WEBAUTHN", "GOOGLE_AUTHENTICATOR", "SMS"];
const TOKEN_NAMES: &[&str] = &["terraform-provisioning", "scim-bridge", "siem-collector", "hr-sync"];

/// The entities one event names, chosen once because several fields repeat them.
struct Choices<'w> {
    /// The user the event is about.
    user: &'w User,
    /// The application signed on to or assigned.
    app: &'w Application,
    /// The group a user is added to.
    group: &'static str,
    /// The factor used or reset.
    factor: &'static str,
    /// The name of a created API token.
    token: &'static str,
}

impl Source for OktaSystemLog {
    fn meta(&self) -> &'static SourceMeta {
        &META
    }

    fn fill(&self, ctx: &mut GenContext<'_>, fields: &mut Fields) {
        let world = ctx.world;
        let choices = Choices {
            user: &world.users[ctx.user(&["actor.alternateId"])],
            app: ctx.rng.pick(&world.applications),
            group: ctx.rng.pick_str(GROUPS),
            factor: ctx.rng.pick_str(FACTORS),
            token: ctx.rng.pick_str(TOKEN_NAMES),
        };
        let user = choices.user;
        let admin_event = matches!(ctx.variant, FACTOR_DEACTIVATE | USER_CREATE | GROUP_ADD | APP_ADD | TOKEN_CREATE);
        let actor = if admin_event { pick_admin(world, &mut ctx.rng) } else { user };
        // Failures and lockouts come from outside more often, and from scripts.
        let outside = match ctx.variant {
            SESSION_FAILURE | ACCOUNT_LOCK => 600,
            _ => 40,
        };
        let (address, place) = json_support::pick_client_address(world, &mut ctx.rng, outside);
        let from_office = json_support::is_office(place);
        let tool = matches!(ctx.variant, SESSION_FAILURE | ACCOUNT_LOCK) && !from_office && ctx.rng.chance(500);
        let agent = if tool { *ctx.rng.pick(TOOL_AGENTS) } else { *ctx.rng.pick(AGENTS) };

        write_actor(fields, actor, admin_event && ctx.variant == APP_ADD && ctx.rng.chance(300));
        write_client(fields, agent, address, place);
        fields.null("device");
        write_authentication_context(ctx, fields, admin_event);
        let (display, severity, legacy) = describe(ctx.variant);
        fields.str("displayMessage", display);
        fields.str("eventType", event_type(ctx.variant));
        write_outcome(ctx, fields);
        let time = ctx.time;
        fields.with("published", |out| time.write_rfc3339(out, 3));
        write_security_context(fields, address, place);
        fields.str("severity", severity);
        let request_id = write_debug_context(ctx, fields, &choices);
        match legacy {
            Some(legacy) => fields.str("legacyEventType", legacy),
            None => fields.null("legacyEventType"),
        }
        fields.str("transaction.type", "WEB");
        fields.with("transaction.id", |out| out.push_str(request_id.as_str()));
        fields.json("transaction.detail", "{}");
        fields.with("uuid", |out| json_support::write_uuid_v1(out, time, &mut ctx.rng));
        fields.str("version", "0");
        fields.json_with("request.ipChain", |out| {
            out.push('[');
            let mut hop = JsonObject::open(out);
            hop.with("ip", |out| {
                let _ = write!(out, "\"{address}\"");
            });
            hop.with("geographicalContext", |out| write_geo(out, place));
            hop.str("version", "V4").null("source").close();
            out.push(']');
        });
        write_targets(ctx, fields, &choices);
    }

    fn write(&self, _variant: usize, fields: &Fields, out: &mut String) {
        json::write_fields(fields, out);
    }

    fn parse_line(&self, line: &str, state: &mut ParseState) -> Result<Option<Parsed>, ParseError> {
        json_support::parse_line_json(self, line, state)
    }

    fn parse_json(&self, value: &Value, _state: &mut ParseState) -> Result<Option<Parsed>, ParseError> {
        let Some(mut object) = value.as_object() else {
            return Err(ParseError::new(0, "an Okta LogEvent is a JSON object"));
        };
        // The Okta log stream to Amazon EventBridge delivers each LogEvent as the `detail` of
        // an EventBridge event.
        let mut value = value;
        if object.contains_key("detail-type") {
            if let Some(detail) = object.get("detail").filter(|detail| detail.is_object()) {
                value = detail;
                object = detail.as_object().unwrap_or(object);
            }
        }
        let event_type = object.get("eventType").and_then(Value::as_str);
        let (Some(event_type), true) = (event_type, object.contains_key("published")) else {
            return Err(ParseError::new(0, "not an Okta LogEvent: eventType or published is missing"));
        };
        let event_type = event_type.to_ascii_lowercase();
        let failed = value.pointer("/outcome/result").and_then(Value::as_str).is_some_and(|r| r.eq_ignore_ascii_case("FAILURE"));
        let variant = if event_type == "user.session.start" && failed {
            Some(VARIANTS[SESSION_FAILURE].name)
        } else {
            VARIANTS.iter().find(|v| v.name == event_type).map(|v| v.name)
        };
        Ok(Some(json_support::flattened(value, variant)))
    }

    /// Returns the Okta org's domain (`<org>.okta.com`), which a System Log API input is set up
    /// with.
    fn collector_host(&self, world: &World, _fields: &Fields) -> Option<String> {
        Some(world.okta_org.clone())
    }

    fn to_ocsf(&self, parsed: &Parsed, _options: &ParseOptions) -> Result<Object, ParseError> {
        let fields = &parsed.fields;
        let time = json_support::rfc3339_time(fields, &["published"])?;
        let event_type = json_support::text(fields, "eventType").unwrap_or("").to_ascii_lowercase();
        Ok(map_event(fields, &event_type, time))
    }
}

fn pick_admin<'w>(world: &'w World, rng: &mut crate::seed::EventRng) -> &'w User {
    let admins = world.users.iter().filter(|u| u.admin).count();
    match world.users.iter().filter(|u| u.admin).nth(rng.index(admins)) {
        Some(admin) => admin,
        None => rng.pick(&world.users),
    }
}

fn event_type(variant: usize) -> &'static str {
    if variant == SESSION_FAILURE {
        "user.session.start"
    } else {
        VARIANTS[variant].name
    }
}

/// Returns (displayMessage, severity, legacyEventType) of a variant.
fn describe(variant: usize) -> (&'static str, &'static str, Option<&'static str>) {
    match variant {
        SESSION_START => ("User login to Okta", "INFO", Some("core.user_auth.login_success")),
        SESSION_FAILURE => ("User login to Okta", "WARN", Some("core.user_auth.login_failed")),
        SSO => ("User single sign on to app", "INFO", Some("app.auth.sso")),
        AUTH_VIA_MFA => ("Authentication of user via MFA", "INFO", Some("core.user.factor.attempt_success")),
        POLICY_EVALUATE => ("Evaluation of sign-on policy", "INFO", None),
        FACTOR_DEACTIVATE => ("Reset factor for user", "INFO", Some("core.user.factor.deactivate")),
        ACCOUNT_LOCK => ("Max sign in attempts exceeded", "WARN", Some("core.user_auth.account_locked")),
        USER_CREATE => ("Create okta user", "INFO", Some("core.user.config.user_creation.success")),
        GROUP_ADD => ("Add user to group membership", "INFO", Some("core.user_group_member.user_add")),
        APP_ADD => ("Add user to application membership", "INFO", Some("app.generic.provision.assign_user_to_app")),
        _ => ("Create API token", "INFO", Some("api.token.create")),
    }
}

fn write_actor(fields: &mut Fields, actor: &User, system: bool) {
    if system {
        fields.str("actor.id", "0oa1systemprincipal");
        fields.str("actor.type", "SystemPrincipal");
        fields.str("actor.alternateId", "system@okta.com");
        fields.str("actor.displayName", "Okta System");
    } else {
        fields.str("actor.id", &actor.okta_id);
        fields.str("actor.type", "User");
        fields.str("actor.alternateId", &actor.email);
        fields.str("actor.displayName", &actor.display_name);
    }
    fields.null("actor.detailEntry");
}

fn write_client(fields: &mut Fields, agent: (&str, &str, &str, &str), address: Ipv4Addr, place: &Place) {
    let (raw, os, browser, device) = agent;
    fields.str("client.userAgent.rawUserAgent", raw);
    fields.str("client.userAgent.os", os);
    fields.str("client.userAgent.browser", browser);
    fields.str("client.zone", "null");
    fields.str("client.device", device);
    fields.null("client.id");
    fields.fmt("client.ipAddress", format_args!("{address}"));
    fields.str("client.geographicalContext.city", place.city);
    fields.str("client.geographicalContext.state", place.state);
    fields.str("client.geographicalContext.country", place.country);
    fields.str("client.geographicalContext.postalCode", place.postal_code);
    fields.num_text("client.geographicalContext.geolocation.lat", place.lat);
    fields.num_text("client.geographicalContext.geolocation.lon", place.lon);
}

fn write_geo(out: &mut String, place: &Place) {
    JsonObject::open(out)
        .str("city", place.city)
        .str("state", place.state)
        .str("country", place.country)
        .str("postalCode", place.postal_code)
        .with("geolocation", |out| {
            JsonObject::open(out).raw("lat", place.lat).raw("lon", place.lon).close();
        })
        .close();
}

fn write_authentication_context(ctx: &mut GenContext<'_>, fields: &mut Fields, admin_event: bool) {
    let (provider, credential_provider, credential_type) = match ctx.variant {
        SESSION_START | SESSION_FAILURE | ACCOUNT_LOCK => (Some("OKTA_AUTHENTICATION_PROVIDER"), Some("OKTA_CREDENTIAL_PROVIDER"), Some("PASSWORD")),
        AUTH_VIA_MFA => (Some("FACTOR_PROVIDER"), Some("OKTA_CREDENTIAL_PROVIDER"), Some("OTP")),
        _ => (None, None, None),
    };
    let mut put = |name: &'static str, value: Option<&str>| match value {
        Some(value) => fields.str(name, value),
        None => fields.null(name),
    };
    put("authenticationContext.authenticationProvider", provider);
    put("authenticationContext.credentialProvider", credential_provider);
    put("authenticationContext.credentialType", credential_type);
    put("authenticationContext.issuer", None);
    put("authenticationContext.interface", None);
    fields.int("authenticationContext.authenticationStep", 0);
    let session = json_support::ShortId::random(&mut ctx.rng, if admin_event { "trs" } else { "idx" }, Alphabet::Alphanumeric, 25);
    let session = session.as_str();
    fields.str("authenticationContext.externalSessionId", session);
    fields.str("authenticationContext.rootSessionId", session);
}

fn write_outcome(ctx: &mut GenContext<'_>, fields: &mut Fields) {
    let (result, reason) = match ctx.variant {
        SESSION_FAILURE => ("FAILURE", Some(if ctx.rng.chance(850) { "INVALID_CREDENTIALS" } else { "VERIFICATION_ERROR" })),
        ACCOUNT_LOCK => ("FAILURE", Some("LOCKED_OUT")),
        POLICY_EVALUATE => ("ALLOW", Some("Sign-on policy evaluation resulted in AUTHENTICATED")),
        FACTOR_DEACTIVATE => ("SUCCESS", Some("User reset FACTOR")),
        _ => ("SUCCESS", None),
    };
    fields.str("outcome.result", result);
    match reason {
        Some(reason) => fields.str("outcome.reason", reason),
        None => fields.null("outcome.reason"),
    }
}

fn write_security_context(fields: &mut Fields, address: Ipv4Addr, place: &Place) {
    fields.int("securityContext.asNumber", i64::from(place.as_number));
    fields.str("securityContext.asOrg", place.as_org);
    fields.str("securityContext.isp", place.as_org);
    fields.str("securityContext.domain", "example.net");
    // Hosting ranges outside the offices are flagged as proxies now and then.
    fields.bool("securityContext.isProxy", place.as_org.ends_with("hosting") || place.as_org.ends_with("vps") && address.octets()[3] % 2 == 0);
}

/// Writes `debugContext.debugData` and returns the request id it names.
fn write_debug_context(ctx: &mut GenContext<'_>, fields: &mut Fields, choices: &Choices<'_>) -> json_support::ShortId {
    let request_id = json_support::ShortId::random(&mut ctx.rng, "", Alphabet::Alphanumeric, 27);
    let sign_in = matches!(ctx.variant, SESSION_START | SESSION_FAILURE | POLICY_EVALUATE | ACCOUNT_LOCK);
    if sign_in {
        let new_place = if ctx.rng.chance(100) { "POSITIVE" } else { "NEGATIVE" };
        fields.fmt(
            "debugContext.debugData.behaviors",
            format_args!("{{New Geo-Location={new_place}, New Device=NEGATIVE, New IP={new_place}, New State=NEGATIVE, New Country=NEGATIVE, Velocity=NEGATIVE, New City={new_place}}}"),
        );
        fields.with("debugContext.debugData.dtHash", |out| json_support::write_random(out, &mut ctx.rng, Alphabet::Hex, 64));
    }
    match ctx.variant {
        AUTH_VIA_MFA | FACTOR_DEACTIVATE => {
            fields.str("debugContext.debugData.factor", choices.factor);
            if ctx.variant == AUTH_VIA_MFA {
                fields.str("debugContext.debugData.factorIntent", "AUTHENTICATION");
            }
        }
        SSO => {
            fields.str("debugContext.debugData.initiationType", if ctx.rng.chance(700) { "IDP_INITIATED" } else { "SP_INITIATED" });
            fields.str("debugContext.debugData.signOnMode", "SAML 2.0");
        }
        APP_ADD => fields.str("debugContext.debugData.AppName", &choices.app.name),
        _ => {}
    }
    fields.str("debugContext.debugData.requestId", request_id.as_str());
    let variant = ctx.variant;
    let org = ctx.world.organisation.as_str();
    fields.with("debugContext.debugData.requestUri", |out| write_request_uri(out, variant, org, choices));
    if sign_in {
        fields.str("debugContext.debugData.risk", if variant == SESSION_FAILURE { "{level=MEDIUM}" } else { "{level=LOW}" });
        fields.str("debugContext.debugData.threatSuspected", "false");
    }
    fields.with("debugContext.debugData.url", |out| {
        write_request_uri(out, variant, org, choices);
        out.push_str(if variant == USER_CREATE { "?activate=true" } else if variant == TOKEN_CREATE { "?expand=user" } else { "?" });
    });
    request_id
}

/// Appends the path of the request that caused the event.
fn write_request_uri(out: &mut String, variant: usize, org: &str, choices: &Choices<'_>) {
    let user = choices.user.okta_id.as_str();
    match variant {
        SESSION_START | SESSION_FAILURE | POLICY_EVALUATE => out.push_str("/idp/idx/identify"),
        ACCOUNT_LOCK => out.push_str("/idp/idx/challenge/answer"),
        AUTH_VIA_MFA => out.push_str("/idp/idx/authenticators/poll"),
        SSO => {
            out.push_str("/app/");
            out.extend(choices.app.name.chars().filter(char::is_ascii_alphanumeric).map(|c| c.to_ascii_lowercase()));
            json_support::write_stable_id(out, "/exk", Alphabet::Alphanumeric, 17, &[org, &choices.app.name, "saml"]);
            out.push_str("/sso/saml");
        }
        FACTOR_DEACTIVATE => {
            let _ = write!(out, "/api/v1/users/{user}/lifecycle/reset_factors");
        }
        USER_CREATE => out.push_str("/api/v1/users"),
        GROUP_ADD => {
            json_support::write_stable_id(out, "/api/v1/groups/00g", Alphabet::Alphanumeric, 17, &[org, choices.group]);
            let _ = write!(out, "/users/{user}");
        }
        APP_ADD => {
            json_support::write_stable_id(out, "/api/v1/apps/0oa", Alphabet::Alphanumeric, 17, &[org, &choices.app.name]);
            out.push_str("/users");
        }
        _ => out.push_str("/api/internal/tokens"),
    }
}

/// Writes `target`, the entities the event acted on.
fn write_targets(ctx: &mut GenContext<'_>, fields: &mut Fields, choices: &Choices<'_>) {
    let org = ctx.world.organisation.as_str();
    let (user, app) = (choices.user, choices.app);
    let app_id = |out: &mut String| {
        out.push('"');
        json_support::write_stable_id(out, "0oa", Alphabet::Alphanumeric, 17, &[org, &app.name]);
        out.push('"');
    };
    let user_target = |out: &mut String| {
        JsonObject::open(out)
            .str("id", &user.okta_id)
            .str("type", "User")
            .str("alternateId", &user.email)
            .str("displayName", &user.display_name)
            .null("detailEntry")
            .close();
    };
    let app_target = |out: &mut String, detail: &str| {
        JsonObject::open(out)
            .with("id", app_id)
            .str("type", "AppInstance")
            .str("alternateId", &app.name)
            .str("displayName", &app.name)
            .raw("detailEntry", detail)
            .close();
    };
    let app_user_target = |out: &mut String| {
        JsonObject::open(out)
            .with("id", |out| {
                out.push('"');
                json_support::write_stable_id(out, "0ua", Alphabet::Alphanumeric, 17, &[org, &app.name, &user.username]);
                out.push('"');
            })
            .str("type", "AppUser")
            .str("alternateId", &user.email)
            .str("displayName", &user.display_name)
            .null("detailEntry")
            .close();
    };
    match ctx.variant {
        SESSION_START | SESSION_FAILURE => fields.json_with("target", |out| {
            out.push('[');
            JsonObject::open(out)
                .with("id", |out| {
                    out.push('"');
                    json_support::write_stable_id(out, "lae", Alphabet::Alphanumeric, 17, &[org, &user.username, "password"]);
                    out.push('"');
                })
                .str("type", "AuthenticatorEnrollment")
                .str("alternateId", "unknown")
                .str("displayName", "Password")
                .null("detailEntry")
                .close();
            out.push(',');
            user_target(out);
            out.push(']');
        }),
        SSO => fields.json_with("target", |out| {
            out.push('[');
            app_target(out, "{\"signOnModeType\":\"SAML_2_0\"}");
            out.push(',');
            app_user_target(out);
            out.push(']');
        }),
        POLICY_EVALUATE => fields.json_with("target", |out| {
            out.push('[');
            app_target(out, "{\"signOnModeEvaluationResult\":\"AUTHENTICATED\",\"signOnModeType\":\"SAML_2_0\"}");
            out.push(',');
            JsonObject::open(out)
                .with("id", |out| {
                    out.push('"');
                    json_support::write_stable_id(out, "0pr", Alphabet::Alphanumeric, 17, &[org, "catch-all"]);
                    out.push('"');
                })
                .str("type", "Rule")
                .str("alternateId", "unknown")
                .str("displayName", "Catch-all Rule")
                .raw("detailEntry", "{\"policyRuleFactorMode\":\"2FA\"}")
                .close();
            out.push(']');
        }),
        GROUP_ADD => {
            let group = choices.group;
            fields.json_with("target", |out| {
                out.push('[');
                user_target(out);
                out.push(',');
                JsonObject::open(out)
                    .with("id", |out| {
                        out.push('"');
                        json_support::write_stable_id(out, "00g", Alphabet::Alphanumeric, 17, &[org, group]);
                        out.push('"');
                    })
                    .str("type", "UserGroup")
                    .str("alternateId", "unknown")
                    .str("displayName", group)
                    .null("detailEntry")
                    .close();
                out.push(']');
            });
        }
        APP_ADD => fields.json_with("target", |out| {
            out.push('[');
            app_user_target(out);
            out.push(',');
            app_target(out, "null");
            out.push(',');
            user_target(out);
            out.push(']');
        }),
        TOKEN_CREATE => {
            let name = choices.token;
            fields.json_with("target", |out| {
                out.push('[');
                JsonObject::open(out)
                    .with("id", |out| {
                        out.push('"');
                        json_support::write_stable_id(out, "00T", Alphabet::Alphanumeric, 17, &[org, name]);
                        out.push('"');
                    })
                    .str("type", "Token")
                    .str("alternateId", "unknown")
                    .str("displayName", name)
                    .null("detailEntry")
                    .close();
                out.push(']');
            });
        }
        _ => fields.json_with("target", |out| {
            out.push('[');
            user_target(out);
            out.push(']');
        }),
    }
}

/// Returns the OCSF class and activity of an eventType.
fn classify(event_type: &str) -> (u32, u32) {
    let last = event_type.rsplit('.').next().unwrap_or("");
    match event_type {
        "user.session.start" => (class::AUTHENTICATION, 1),
        "user.session.end" => (class::AUTHENTICATION, 2),
        "policy.evaluate_sign_on" => (class::AUTHENTICATION, 99),
        t if t.starts_with("user.authentication.") => (class::AUTHENTICATION, 1),
        t if t.starts_with("user.session.") => (class::AUTHENTICATION, 99),
        // Okta Verify push responses and factor bypass attempts are steps of a sign-in, not
        // changes to the user's factors (those are `user.mfa.factor.*`).
        t if t.starts_with("user.mfa.okta_verify.") || t == "user.mfa.attempt_bypass" => (class::AUTHENTICATION, 1),
        "user.account.lock" | "user.account.lock.limit" => (class::ACCOUNT_CHANGE, 9),
        "user.account.unlock" | "user.account.unlock_by_admin" => (class::ACCOUNT_CHANGE, 12),
        "user.lifecycle.activate" | "user.lifecycle.reactivate" | "user.lifecycle.unsuspend" => (class::ACCOUNT_CHANGE, 2),
        "user.account.update_password" => (class::ACCOUNT_CHANGE, 3),
        "user.account.reset_password" => (class::ACCOUNT_CHANGE, 4),
        "user.lifecycle.create" => (class::ACCOUNT_CHANGE, 1),
        "user.lifecycle.deactivate" | "user.lifecycle.suspend" => (class::ACCOUNT_CHANGE, 5),
        t if t.starts_with("user.lifecycle.delete") => (class::ACCOUNT_CHANGE, 6),
        "user.mfa.factor.activate" | "user.mfa.factor.update" => (class::ACCOUNT_CHANGE, 10),
        "user.mfa.factor.deactivate" | "user.mfa.factor.reset_all" | "user.mfa.factor.suspend" => (class::ACCOUNT_CHANGE, 11),
        t if t.starts_with("user.account.") || t.starts_with("user.lifecycle.") || t.starts_with("user.mfa.factor.") => (class::ACCOUNT_CHANGE, 99),
        "group.user_membership.add" => (class::GROUP_MANAGEMENT, 3),
        "group.user_membership.remove" => (class::GROUP_MANAGEMENT, 4),
        "group.lifecycle.create" => (class::GROUP_MANAGEMENT, 6),
        "group.lifecycle.delete" => (class::GROUP_MANAGEMENT, 5),
        "group.privilege.grant" => (class::GROUP_MANAGEMENT, 1),
        "group.privilege.revoke" => (class::GROUP_MANAGEMENT, 2),
        t if t.starts_with("group.") => (class::GROUP_MANAGEMENT, 99),
        t if t.starts_with("security.threat.") || t.starts_with("security.attack.") || t.starts_with("user.risk.") || t.starts_with("security.breached_credential.") => {
            (class::DETECTION_FINDING, 1)
        }
        _ => {
            let activity = match last {
                l if l.starts_with("create") || l.starts_with("add") || l.starts_with("grant") || l.starts_with("activate") || l.starts_with("enroll") => 1,
                l if l.starts_with("read") || l.starts_with("view") || l.starts_with("list") || l.starts_with("get") || l.starts_with("access") => 2,
                l if l.starts_with("update") || l.starts_with("change") || l.starts_with("modify") || l.starts_with("reset") || l.starts_with("assign") => 3,
                l if l.starts_with("delete") || l.starts_with("remove") || l.starts_with("revoke") || l.starts_with("deactivate") => 4,
                _ => 99,
            };
            (class::API_ACTIVITY, activity)
        }
    }
}

/// Returns the first entry of `target` whose type is one of `types`.
fn target<'a>(fields: &'a FieldMap, types: &[&str]) -> Option<&'a Map<String, Value>> {
    fields
        .get("target")?
        .as_array()?
        .iter()
        .filter_map(Value::as_object)
        .find(|t| t.get("type").and_then(Value::as_str).is_some_and(|kind| types.contains(&kind)))
}

/// Sets an OCSF `user` at `path` from an Okta actor or target object.
///
/// Okta's `alternateId` of a user is the login, an email-style username, and `displayName` the
/// name shown for the entity. OCSF 1.8 keeps the username in `name` and the shown name in
/// `display_name`, and for people also in `full_name`. The login also goes to `email_addr`
/// when it is an email address.
fn set_user(record: &mut RecordBuilder, path: &str, entity: &Map<String, Value>) {
    let text = |key: &str| entity.get(key).and_then(Value::as_str).filter(|v| !v.is_empty() && *v != "unknown");
    let login = text("alternateId").map(clean_login).filter(|v| !v.is_empty());
    let display = text("displayName");
    record.set(format!("{path}.name"), login.or(display).or_else(|| text("id")).unwrap_or("unknown"));
    record.set_str(format!("{path}.uid"), text("id"));
    record.set_str(format!("{path}.display_name"), display);
    if let Some(email) = login.filter(|v| json_support::is_email_address(v)) {
        record.set(format!("{path}.email_addr"), email);
    }
    let (type_id, caption) = match text("type") {
        Some("User") | Some("AppUser") => (1, "User"),
        Some("SystemPrincipal") => (3, "System"),
        Some(_) => (99, text("type").unwrap_or("Other")),
        None => (0, "Unknown"),
    };
    if type_id == 1 {
        record.set_str(format!("{path}.full_name"), display);
    }
    record.set(format!("{path}.type_id"), type_id);
    record.set(format!("{path}.type"), caption);
}

/// Returns a login without surrounding white space and trailing backslashes. An email-style
/// login cannot end with a backslash, so a trailing one is left over from escaping upstream.
fn clean_login(login: &str) -> &str {
    login.trim().trim_end_matches('\\').trim_end()
}

/// Returns the actor object of a flattened event.
fn actor(fields: &FieldMap) -> Option<Map<String, Value>> {
    let actor = json_support::unflatten_prefix(fields, "actor")?;
    actor.as_object().cloned()
}

/// Sets `src_endpoint` from `client` and `securityContext`; returns false when the event has
/// no client address.
fn set_source(record: &mut RecordBuilder, fields: &FieldMap) -> bool {
    let text = |name: &str| json_support::text(fields, name).filter(|v| *v != "null");
    // Without a client address, the first hop of the request's IP chain is the client.
    let chain_start = || {
        fields
            .get("request.ipChain")
            .and_then(Value::as_array)
            .and_then(|hops| hops.first())
            .and_then(|hop| hop.get("ip"))
            .and_then(Value::as_str)
            .filter(|ip| ip.parse::<std::net::IpAddr>().is_ok())
    };
    let Some(ip) = text("client.ipAddress").or_else(chain_start) else {
        return false;
    };
    record.set("src_endpoint.ip", ip);
    record.set_str("src_endpoint.location.city", text("client.geographicalContext.city"));
    record.set_str("src_endpoint.location.region", text("client.geographicalContext.state"));
    record.set_str("src_endpoint.location.country", text("client.geographicalContext.country").and_then(json_support::country_code));
    if let Some(postal) = fields.get("client.geographicalContext.postalCode").and_then(|v| v.as_str().map(str::to_string).or_else(|| v.as_i64().map(|n| n.to_string()))) {
        record.set("src_endpoint.location.postal_code", postal);
    }
    if let (Some(lat), Some(long)) = (
        fields.get("client.geographicalContext.geolocation.lat").and_then(Value::as_f64),
        fields.get("client.geographicalContext.geolocation.lon").and_then(Value::as_f64),
    ) {
        record.set("src_endpoint.location.lat", lat).set("src_endpoint.location.long", long);
    }
    record.set_str("src_endpoint.isp", text("securityContext.isp"));
    if let Some(number) = json_support::integer(fields, "securityContext.asNumber") {
        record.set("src_endpoint.autonomous_system.number", number);
        record.set_str("src_endpoint.autonomous_system.name", text("securityContext.asOrg"));
    }
    true
}

fn map_event(fields: &FieldMap, event_type: &str, time: Timestamp) -> Object {
    let text = |name: &str| json_support::text(fields, name);
    let (class_uid, activity_id) = classify(event_type);
    let mut record = RecordBuilder::new(class_uid, activity_id, time, &META);
    record.set_str("metadata.uid", text("uuid"));
    record.set_str("metadata.event_code", text("eventType"));
    record.set_str("metadata.correlation_uid", text("transaction.id"));
    record.set_str("message", text("displayMessage"));
    let severity = match text("severity") {
        Some("WARN") => ocsf::severity::MEDIUM,
        Some("ERROR") => ocsf::severity::HIGH,
        _ => ocsf::severity::INFORMATIONAL,
    };
    record.severity(severity);

    let actor = actor(fields);
    let actor_is_user = actor.as_ref().and_then(|a| a.get("type")).and_then(Value::as_str) == Some("User");
    if let Some(actor) = &actor {
        set_user(&mut record, "actor.user", actor);
    }
    let result = text("outcome.result").unwrap_or("");
    let (status_id, status) = match result.to_ascii_uppercase().as_str() {
        "SUCCESS" | "ALLOW" => (ocsf::status::SUCCESS, "Success"),
        "FAILURE" | "DENY" => (ocsf::status::FAILURE, "Failure"),
        "" | "UNKNOWN" => (ocsf::status::UNKNOWN, "Unknown"),
        _ => (99, result),
    };
    if class_uid != class::DETECTION_FINDING {
        record.status(status_id).set("status", status);
        record.set_str("status_detail", text("outcome.reason"));
    }

    // Detection Finding has no src_endpoint; the address goes into its evidence instead.
    let has_source = class_uid != class::DETECTION_FINDING && set_source(&mut record, fields);
    let subject = target(fields, &["User"]).cloned().or_else(|| if actor_is_user { actor.clone() } else { None });
    match class_uid {
        class::AUTHENTICATION => {
            let user = if actor_is_user { actor.clone() } else { subject.clone() };
            match user {
                Some(user) => set_user(&mut record, "user", &user),
                None => {
                    record.set("user.name", "unknown");
                }
            }
            record.set_str("http_request.user_agent", text("client.userAgent.rawUserAgent"));
            // The service signed in to is the target application, or Okta itself for a
            // sign-in to the Okta organisation.
            if let Some(app) = target(fields, &["AppInstance"]) {
                let name = app.get("displayName").and_then(Value::as_str).unwrap_or("application");
                record.set("service.name", name);
                record.set_str("service.uid", app.get("id").and_then(Value::as_str));
            } else {
                record.set("service.name", "Okta");
            }
            if let Some(session) = text("authenticationContext.externalSessionId").filter(|s| *s != "unknown") {
                record.set("session.uid", session);
            }
            let mfa = event_type.ends_with("auth_via_mfa") || event_type.starts_with("user.mfa.") || text("debugContext.debugData.factor").is_some();
            record.set("is_mfa", mfa);
            match text("debugContext.debugData.signOnMode") {
                Some("SAML 2.0") | Some("SAML 1.1") => {
                    record.set("auth_protocol", "SAML").set("auth_protocol_id", 5);
                }
                Some("OpenID Connect") => {
                    record.set("auth_protocol", "OpenID").set("auth_protocol_id", 4);
                }
                _ => {}
            }
            record.set("is_remote", true);
            if status_id == ocsf::status::FAILURE && severity == ocsf::severity::INFORMATIONAL {
                record.severity(ocsf::severity::LOW);
            }
        }
        class::ACCOUNT_CHANGE => match &subject {
            Some(user) => set_user(&mut record, "user", user),
            None => {
                record.set("user.name", "unknown");
            }
        },
        class::GROUP_MANAGEMENT => {
            if let Some(user) = &subject {
                set_user(&mut record, "user", user);
            }
            let group = target(fields, &["UserGroup", "Group"]);
            let name = group.and_then(|g| g.get("displayName")).and_then(Value::as_str).unwrap_or("unknown");
            record.set("group.name", name);
            record.set_str("group.uid", group.and_then(|g| g.get("id")).and_then(Value::as_str));
        }
        class::DETECTION_FINDING => {
            record.set("finding_info.uid", text("uuid").unwrap_or("unknown"));
            record.set("finding_info.title", text("displayMessage").unwrap_or(event_type));
            record.set("finding_info.types", vec![Value::from(event_type)]);
            record.set_str("finding_info.desc", text("outcome.reason"));
            record.status(1).set("status", "New");
            record.set("is_alert", true);
            if let Some(ip) = text("client.ipAddress") {
                let mut evidence = Object::new();
                evidence.set_path("src_endpoint.ip", ip.into());
                record.set("evidences", Node::Array(vec![Node::Object(evidence)]));
            }
        }
        _ => {
            if actor.is_none() {
                record.set("actor.app_name", "Okta");
            }
            record.set("api.operation", event_type);
            record.set("api.service.name", "Okta");
            if let Some(request_id) = json_support::first_text(fields, &["debugContext.debugData.requestId", "transaction.id"]) {
                record.set("api.request.uid", request_id);
            }
            if !has_source {
                record.set("src_endpoint.name", "Okta");
            }
            record.set_str("http_request.user_agent", text("client.userAgent.rawUserAgent"));
            let resources: Vec<Value> = fields
                .get("target")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(|t| {
                    let uid = t.get("id").and_then(Value::as_str)?;
                    let mut resource = Map::new();
                    resource.insert("uid".into(), uid.into());
                    if let Some(name) = t.get("displayName").and_then(Value::as_str) {
                        resource.insert("name".into(), name.into());
                    }
                    if let Some(kind) = t.get("type").and_then(Value::as_str) {
                        resource.insert("type".into(), kind.into());
                    }
                    Some(Value::Object(resource))
                })
                .collect();
            if !resources.is_empty() {
                record.set("resources", resources);
            }
        }
    }
    record.build()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::parse_str;
    use crate::sources::testing;

    #[test]
    fn round_trip_every_variant() {
        testing::assert_round_trip(&OktaSystemLog, 0..200);
    }

    const SIGN_IN: &str = r#"{"actor":{"id":"00u8k2example7Qx1d7","type":"User","alternateId":"rania.haddad@acme.example","displayName":"Rania Haddad","detailEntry":null},"client":{"userAgent":{"rawUserAgent":"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7)","os":"Mac OS X","browser":"SAFARI"},"zone":"null","device":"Computer","id":null,"ipAddress":"198.51.100.23","geographicalContext":{"city":"Berlin","state":"Land Berlin","country":"Germany","postalCode":"10115","geolocation":{"lat":52.5323,"lon":13.3846}}},"device":null,"authenticationContext":{"authenticationProvider":"OKTA_AUTHENTICATION_PROVIDER","credentialProvider":"OKTA_CREDENTIAL_PROVIDER","credentialType":"PASSWORD","issuer":null,"interface":null,"authenticationStep":0,"externalSessionId":"idxQ3exampleSession000001"},"displayMessage":"User login to Okta","eventType":"user.session.start","outcome":{"result":"FAILURE","reason":"INVALID_CREDENTIALS"},"published":"2026-01-05T08:59:58.412Z","securityContext":{"asNumber":64499,"asOrg":"example telekom","isp":"example telekom","domain":"example.net","isProxy":false},"severity":"WARN","debugContext":{"debugData":{"requestId":"aZ3exampleRequest000000001","requestUri":"/idp/idx/identify","url":"/idp/idx/identify?"}},"legacyEventType":"core.user_auth.login_failed","transaction":{"type":"WEB","id":"aZ3exampleRequest000000001","detail":{}},"uuid":"0f3c1a2e-ea15-11f0-9d2b-5b7c1e0a4f11","version":"0","request":{"ipChain":[{"ip":"198.51.100.23","geographicalContext":{"city":"Berlin","state":"Land Berlin","country":"Germany","postalCode":"10115","geolocation":{"lat":52.5323,"lon":13.3846}},"version":"V4","source":null}]},"target":[{"id":"lae1example0000000","type":"AuthenticatorEnrollment","alternateId":"unknown","displayName":"Password","detailEntry":null}]}"#;

    /// Hand-written events: (intent, text, class_uid, activity_id, variant).
    fn samples() -> Vec<(&'static str, String, u32, u32, Option<&'static str>)> {
        vec![
            ("failed sign-in", SIGN_IN.to_string(), 3002, 1, Some("user.session.start_failure")),
            (
                "API page of two events",
                format!("[{},{}]", SIGN_IN.replace("FAILURE", "SUCCESS").replace(r#""reason":"INVALID_CREDENTIALS""#, r#""reason":null"#), SIGN_IN),
                3002,
                1,
                Some("user.session.start"),
            ),
            (
                "group membership added by an API token",
                r#"{"actor":{"id":"0oa9example000000001","type":"PublicClientAppEntity","alternateId":"unknown","displayName":"HR sync","detailEntry":null},"client":{"userAgent":{"rawUserAgent":"okta-sdk-python/2.9.13","os":"Linux","browser":"UNKNOWN"},"zone":"null","device":"Computer","id":null,"ipAddress":"203.0.113.40"},"displayMessage":"Add user to group membership","eventType":"group.user_membership.add","outcome":{"result":"SUCCESS","reason":null},"published":"2026-01-05T10:15:00.001Z","severity":"INFO","legacyEventType":"core.user_group_member.user_add","transaction":{"type":"WEB","id":"Zb9exampleRequest0000000002","detail":{}},"uuid":"4a5b6c7d-ea20-11f0-8a1b-2c3d4e5f6a7b","version":"0","target":[{"id":"00u1example00000002","type":"User","alternateId":"kofi.mensah@acme.example","displayName":"Kofi Mensah","detailEntry":null},{"id":"00g1example00000003","type":"UserGroup","alternateId":"unknown","displayName":"VPN-Users","detailEntry":null}]}"#.to_string(),
                3006,
                3,
                Some("group.user_membership.add"),
            ),
            (
                "account lock with a numeric version and no target",
                r#"{"actor":{"id":"00u2example00000004","type":"User","alternateId":"olga.petrov@acme.example","displayName":"Olga Petrov"},"client":{"ipAddress":"192.0.2.77"},"displayMessage":"Max sign in attempts exceeded","eventType":"user.account.lock","outcome":{"result":"FAILURE","reason":"LOCKED_OUT"},"published":"2026-01-05T11:00:00Z","severity":"WARN","uuid":"9e8d7c6b-ea25-11f0-9f0e-1d2c3b4a5f6e","version":0}"#.to_string(),
                3001,
                9,
                Some("user.account.lock"),
            ),
            (
                "threat detection without client address",
                r#"{"actor":{"id":"unknown","type":"User","alternateId":"unknown","displayName":"Unknown"},"client":{"ipAddress":null},"displayMessage":"Request from suspicious actor","eventType":"security.threat.detected","outcome":{"result":"DENY","reason":"Password spray"},"published":"2026-01-05T12:00:00.000Z","severity":"WARN","uuid":"1b2c3d4e-ea30-11f0-8b7a-6c5d4e3f2a1b","version":"0"}"#.to_string(),
                2004,
                1,
                None,
            ),
            (
                "token created, mapped to API activity",
                r#"{"actor":{"id":"00u3example00000005","type":"User","alternateId":"lars.hansen@acme.example","displayName":"Lars Hansen"},"client":{"ipAddress":"198.51.100.4"},"displayMessage":"Create API token","eventType":"system.api_token.create","outcome":{"result":"SUCCESS"},"published":"2026-01-05T13:00:00.000Z","severity":"INFO","debugContext":{"debugData":{"requestId":"Yc1exampleRequest0000000003"}},"uuid":"2c3d4e5f-ea35-11f0-9c8b-7d6e5f4a3b2c","version":"0","target":[{"id":"00T1example00000006","type":"Token","alternateId":"unknown","displayName":"siem-collector"}]}"#.to_string(),
                6003,
                1,
                Some("system.api_token.create"),
            ),
        ]
    }

    #[test]
    fn hand_written_events_parse() {
        for (name, text, class_uid, activity_id, variant) in samples() {
            let outcomes = parse_str("okta_system_log", &text, ParseOptions::default()).unwrap();
            assert!(!outcomes.is_empty(), "{name}");
            let record = outcomes[0].as_ref().unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(record.ocsf["class_uid"], class_uid, "{name}");
            assert_eq!(record.ocsf["activity_id"], activity_id, "{name}");
            assert_eq!(record.parsed.variant, variant, "{name}");
            for outcome in &outcomes {
                let record = outcome.as_ref().unwrap_or_else(|e| panic!("{name}: {e}"));
                testing::assert_valid_ocsf(&record.ocsf, name);
            }
        }
    }

    #[test]
    fn failed_sign_in_names_user_and_place() {
        let outcomes = parse_str("okta_system_log", SIGN_IN, ParseOptions::default()).unwrap();
        let record = &outcomes[0].as_ref().unwrap().ocsf;
        assert_eq!(record["status_id"], 2);
        assert_eq!(record["status_detail"], "INVALID_CREDENTIALS");
        assert_eq!(record["user"]["name"], "rania.haddad@acme.example");
        assert_eq!(record["src_endpoint"]["location"]["country"], "DE");
        assert_eq!(record["session"]["uid"], "idxQ3exampleSession000001");
    }

    #[test]
    fn user_fields_follow_ocsf_user_object() {
        // (intent, actor alternateId, name, email_addr)
        let cases = [
            ("email login", "rania.haddad@acme.example", "rania.haddad@acme.example", Some("rania.haddad@acme.example")),
            ("login with a trailing backslash", "rania.haddad@acme.example\\", "rania.haddad@acme.example", Some("rania.haddad@acme.example")),
            ("login that is not an email address", "rhaddad", "rhaddad", None),
        ];
        for (name, login, expected_name, expected_email) in cases {
            let event = SIGN_IN.replace("rania.haddad@acme.example", &login.replace('\\', "\\\\"));
            let outcomes = parse_str("okta_system_log", &event, ParseOptions::default()).unwrap();
            let record = &outcomes[0].as_ref().unwrap_or_else(|e| panic!("{name}: {e}")).ocsf;
            for path in ["user", "actor"] {
                let user = if path == "user" { &record["user"] } else { &record["actor"]["user"] };
                assert_eq!(user["name"], expected_name, "{name}: {path} name");
                assert_eq!(user["email_addr"].as_str(), expected_email, "{name}: {path} email_addr");
                assert_eq!(user["display_name"], "Rania Haddad", "{name}: {path} display_name");
                assert_eq!(user["full_name"], "Rania Haddad", "{name}: {path} full_name");
                assert_eq!(user["uid"], "00u8k2example7Qx1d7", "{name}: {path} uid");
            }
            testing::assert_valid_ocsf(record, name);
        }
    }

    #[test]
    fn eventbridge_event_yields_its_detail() {
        let event = format!(
            r#"{{"version":"0","id":"0c9d8e7f-6a5b-4c3d-8e2f-1a0b9c8d7e6f","detail-type":"SystemLog","source":"aws.partner/okta.com/acme-example/okta-logs","account":"210987654321","time":"2026-01-05T09:00:01Z","region":"eu-west-1","resources":[],"detail":{SIGN_IN}}}"#
        );
        let outcomes = parse_str("okta_system_log", &event, ParseOptions::default()).unwrap();
        let record = outcomes[0].as_ref().unwrap_or_else(|e| panic!("{e}"));
        testing::assert_valid_ocsf(&record.ocsf, "EventBridge event");
        assert_eq!(record.parsed.variant, Some("user.session.start_failure"));
        assert_eq!(record.ocsf["user"]["name"], "rania.haddad@acme.example");
        assert_eq!(record.ocsf["metadata"]["uid"], "0f3c1a2e-ea15-11f0-9d2b-5b7c1e0a4f11");
    }

    #[test]
    fn event_hook_delivery_yields_each_event() {
        let second = SIGN_IN.replace("0f3c1a2e-ea15-11f0-9d2b-5b7c1e0a4f11", "0f3c1a2e-ea15-11f0-9d2b-5b7c1e0a4f12");
        let delivery = format!(
            r#"{{"eventType":"com.okta.event_hook","eventTypeVersion":"1.0","cloudEventsVersion":"0.1","source":"https://acme.okta.example/api/v1/eventHooks/who7example","eventId":"5d9e1f0a-0000-4000-8000-00000000a001","data":{{"events":[{SIGN_IN},{second}]}},"eventTime":"2026-01-05T09:00:01.000Z","contentType":"application/json"}}"#
        );
        let outcomes = parse_str("okta_system_log", &delivery, ParseOptions::default()).unwrap();
        assert_eq!(outcomes.len(), 2);
        for outcome in &outcomes {
            let record = outcome.as_ref().unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(record.ocsf["class_uid"], class::AUTHENTICATION);
            assert_eq!(record.ocsf["src_endpoint"]["ip"], "198.51.100.23");
        }
        assert_eq!(outcomes[1].as_ref().unwrap().ocsf["metadata"]["uid"], "0f3c1a2e-ea15-11f0-9d2b-5b7c1e0a4f12");
    }

    #[test]
    fn verify_push_and_unlock_classes() {
        let cases = [
            ("user.mfa.okta_verify.deny_push", "FAILURE", class::AUTHENTICATION, 1, 2),
            ("user.mfa.attempt_bypass", "FAILURE", class::AUTHENTICATION, 1, 2),
            ("user.account.unlock", "SUCCESS", class::ACCOUNT_CHANGE, 12, 1),
            ("user.account.unlock_by_admin", "SUCCESS", class::ACCOUNT_CHANGE, 12, 1),
            ("user.lifecycle.reactivate", "UNKNOWN", class::ACCOUNT_CHANGE, 2, 0),
        ];
        for (event_type, result, class_uid, activity_id, status_id) in cases {
            let event = format!(
                r#"{{"uuid":"7c1d2e3f-ea40-11f0-8a9b-0c1d2e3f4a5b","published":"2026-01-05T14:00:00.000Z","eventType":"{event_type}","version":"0","severity":"WARN","displayMessage":"m","client":{{"ipAddress":"198.51.100.81"}},"actor":{{"id":"00u4example00000007","type":"User","alternateId":"ines.duarte@acme.example","displayName":"Ines Duarte"}},"outcome":{{"result":"{result}","reason":null}},"target":[{{"id":"00u4example00000007","type":"User","alternateId":"ines.duarte@acme.example","displayName":"Ines Duarte"}}]}}"#
            );
            let outcomes = parse_str("okta_system_log", &event, ParseOptions::default()).unwrap();
            let record = &outcomes[0].as_ref().unwrap_or_else(|e| panic!("{event_type}: {e}")).ocsf;
            testing::assert_valid_ocsf(record, event_type);
            assert_eq!(record["class_uid"], class_uid, "{event_type}");
            assert_eq!(record["activity_id"], activity_id, "{event_type}");
            assert_eq!(record["status_id"], status_id, "{event_type}");
            if class_uid == class::AUTHENTICATION {
                assert_eq!(record["is_mfa"], true, "{event_type}");
            }
        }
    }

    #[test]
    fn ip_chain_gives_source_without_client_address() {
        let event = SIGN_IN.replace(r#""ipAddress":"198.51.100.23""#, r#""ipAddress":null"#).replace(r#""ip":"198.51.100.23""#, r#""ip":"198.51.100.24""#);
        let outcomes = parse_str("okta_system_log", &event, ParseOptions::default()).unwrap();
        let record = &outcomes[0].as_ref().unwrap().ocsf;
        assert_eq!(record["src_endpoint"]["ip"], "198.51.100.24");
    }

    #[test]
    fn alias_restricts_to_authentication() {
        let resolved = crate::sources::resolve("okta_authentication").unwrap();
        assert_eq!(resolved.source.meta().id, "okta_system_log");
        let mut request = crate::generate::GenerateRequest::new("okta_authentication", 300);
        request.seed = 3;
        for event in crate::generate::Generator::new(&request).unwrap() {
            assert!(resolved.variants.contains(&event.variant), "{}", event.variant);
        }
    }

    #[test]
    fn malformed_input_is_rejected() {
        let cases = [
            ("plain text", "user.session.start by alice"),
            ("truncated JSON", r#"{"eventType":"user.session.start","published":"#),
            ("no published time", r#"{"eventType":"user.session.start","uuid":"1"}"#),
            ("no eventType", r#"{"published":"2026-01-05T09:00:00Z","uuid":"1"}"#),
            ("a CloudTrail record", r#"{"eventTime":"2026-01-05T09:00:00Z","eventName":"GetObject"}"#),
            ("invalid published time", r#"{"eventType":"user.session.start","published":"05/01/2026"}"#),
        ];
        for (name, text) in cases {
            let outcomes = parse_str("okta_system_log", text, ParseOptions::default()).unwrap();
            assert!(!outcomes.is_empty(), "{name}: no outcome");
            assert!(outcomes.iter().all(Result::is_err), "{name}: accepted");
        }
    }

    #[test]
    fn corpus_samples_parse() {
        let folders = ["sekoia/Okta/okta-system-logs", "tenzir/okta/tests/inputs", "ocsf-examples/mappings/markdown/Okta"];
        let Some(samples) = testing::corpus_samples(&folders, |name| name.ends_with(".json") || name.ends_with(".ndjson") || name.ends_with(".raw")) else {
            println!("corpus not found; skipped");
            return;
        };
        let outcomes = testing::corpus_outcomes("okta_system_log", &samples);
        let failed: Vec<_> = outcomes.iter().filter(|o| o.result.is_err()).map(|o| o.name.as_str()).collect();
        assert!(failed.is_empty(), "corpus samples not parsed: {failed:?}");
    }
}
