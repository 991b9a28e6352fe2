//! Actors: binding the names of a scenario to world entities or literal values, and
//! expanding `${actor.field}` references in overrides.

use serde::Serialize;
use serde_json::{Map, Value};

use super::spec::{ActorSpec, HostRoleFilter, Platform};
use crate::error::{Error, Result};
use crate::seed::StreamKey;
use crate::world::{Host, HostRole, User, World};

/// An actor with the values its references expand to.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ResolvedActor {
    /// The actor's name in the document.
    pub name: String,
    /// The actor's `type` tag.
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// Field names and string values, in a fixed order per type.
    pub fields: Map<String, Value>,
}

impl ResolvedActor {
    /// Returns the value of `field`.
    pub fn get(&self, field: &str) -> Option<&str> {
        self.fields.get(field).and_then(Value::as_str)
    }
}

/// Resolves every actor of a scenario. World entities are chosen by the filters, then by
/// `index` or, without one, by a draw from a stream keyed by (seed, scenario, actor name), so
/// adding an actor never changes the choice of another.
///
/// # Errors
/// Returns [`Error::Scenario`] at `actors.<name>...` for a filter no entity matches, an index
/// out of range, an unknown owner, or a literal value that is not a string, number or boolean.
pub(crate) fn resolve(
    scenario: &str,
    actors: &std::collections::BTreeMap<String, ActorSpec>,
    world: &World,
    seed: u64,
) -> Result<Vec<ResolvedActor>> {
    let mut resolved = Vec::with_capacity(actors.len());
    for (name, spec) in actors {
        check_name(name)?;
        let path = format!("actors.{name}");
        let key = StreamKey::new(seed, &format!("scenario/{scenario}/actors/{name}"));
        let mut fields = Map::new();
        match spec {
            ActorSpec::WorldUser { index, department, admin } => {
                let candidates: Vec<&User> = world
                    .users
                    .iter()
                    .filter(|u| department.as_ref().is_none_or(|d| u.department.eq_ignore_ascii_case(d)))
                    .filter(|u| admin.is_none_or(|a| u.admin == a))
                    .collect();
                if candidates.is_empty() {
                    return Err(no_user_matches(&path, department.is_some(), world));
                }
                let user = choose(&candidates, *index, &key, &path)?;
                user_fields(world, user, &mut fields);
            }
            ActorSpec::WorldHost { .. } => continue,
            ActorSpec::ExternalIp { index } => {
                let ip = choose(&world.external_addresses, *index, &key, &path)?;
                put(&mut fields, "ip", ip.to_string());
            }
            ActorSpec::ExternalDomain { index } => {
                let domain = choose(&world.external_domains, *index, &key, &path)?;
                put(&mut fields, "domain", domain.clone());
                put(&mut fields, "url", format!("https://{domain}/"));
            }
            ActorSpec::CloudAccount { provider, index } => {
                let candidates: Vec<_> = world
                    .cloud_accounts
                    .iter()
                    .filter(|a| provider.as_ref().is_none_or(|p| a.provider.eq_ignore_ascii_case(p)))
                    .collect();
                if candidates.is_empty() {
                    return Err(Error::scenario(
                        format!("{path}.provider"),
                        "no cloud account has this provider; use aws, azure or gcp",
                    ));
                }
                let account = choose(&candidates, *index, &key, &path)?;
                put(&mut fields, "account_id", account.id.clone());
                put(&mut fields, "name", account.name.clone());
                put(&mut fields, "provider", account.provider.clone());
                put(&mut fields, "region", account.region.clone());
            }
            ActorSpec::Application { name: wanted, index } => {
                let candidates: Vec<_> = world
                    .applications
                    .iter()
                    .filter(|a| wanted.as_ref().is_none_or(|w| a.name.eq_ignore_ascii_case(w)))
                    .collect();
                if candidates.is_empty() {
                    let names: Vec<&str> = world.applications.iter().map(|a| a.name.as_str()).collect();
                    return Err(Error::scenario(
                        format!("{path}.name"),
                        format!("no application has this name; the world's applications are: {}", names.join(", ")),
                    ));
                }
                let application = choose(&candidates, *index, &key, &path)?;
                put(&mut fields, "name", application.name.clone());
                put(&mut fields, "app_id", application.app_id.clone());
            }
            ActorSpec::Literal { value } => {
                for (field, value) in value {
                    let text = scalar_text(value).ok_or_else(|| {
                        Error::scenario(
                            format!("{path}.value.{field}"),
                            "a literal actor field must be a string, number or boolean",
                        )
                    })?;
                    put(&mut fields, field, text);
                }
            }
        }
        resolved.push(ResolvedActor {
            name: name.clone(),
            kind: spec.type_name(),
            fields,
        });
    }

    // Hosts come second because `owner` refers to a user actor resolved above.
    for (name, spec) in actors {
        let ActorSpec::WorldHost {
            index,
            role,
            platform,
            owner,
            name_prefix,
        } = spec
        else {
            continue;
        };
        let path = format!("actors.{name}");
        let key = StreamKey::new(seed, &format!("scenario/{scenario}/actors/{name}"));
        let owner_host = match owner {
            Some(owner) => Some(owner_workstation(owner, &resolved, world, &path)?),
            None => None,
        };
        let candidates: Vec<&Host> = world
            .hosts
            .iter()
            .filter(|h| owner_host.is_none_or(|o| std::ptr::eq(*h, o)))
            .filter(|h| role.is_none_or(|r| role_matches(h.role, r)))
            .filter(|h| platform.is_none_or(|p| platform_of(h) == p))
            .collect();
        if candidates.is_empty() {
            return Err(Error::scenario(
                path,
                "no host of the world matches role, platform and owner together; relax one of them",
            ));
        }
        let named: Vec<&Host> = match name_prefix {
            Some(prefix) => candidates
                .iter()
                .copied()
                .filter(|h| {
                    h.hostname
                        .get(..prefix.len())
                        .is_some_and(|start| start.eq_ignore_ascii_case(prefix))
                })
                .collect(),
            None => Vec::new(),
        };
        let candidates = if named.is_empty() { candidates } else { named };
        let host = choose(&candidates, *index, &key, &path)?;
        let mut fields = Map::new();
        host_fields(world, host, &mut fields);
        resolved.push(ResolvedActor {
            name: name.clone(),
            kind: spec.type_name(),
            fields,
        });
    }
    resolved.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(resolved)
}

/// Actor names appear in `${name.field}`, so they are limited to letters, digits, `_` and `-`.
fn check_name(name: &str) -> Result<()> {
    let valid = !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if valid {
        Ok(())
    } else {
        Err(Error::scenario(
            format!("actors.{name}"),
            "an actor name may contain only letters, digits, '_' and '-'",
        ))
    }
}

fn no_user_matches(path: &str, by_department: bool, world: &World) -> Error {
    if by_department {
        let mut departments: Vec<&str> = world.users.iter().map(|u| u.department.as_str()).collect();
        departments.sort_unstable();
        departments.dedup();
        Error::scenario(
            format!("{path}.department"),
            format!("no user works in this department; the departments are: {}", departments.join(", ")),
        )
    } else {
        Error::scenario(path, "no user of the world matches the filters; relax `admin` or `department`")
    }
}

fn owner_workstation<'w>(owner: &str, resolved: &[ResolvedActor], world: &'w World, path: &str) -> Result<&'w Host> {
    let user = resolved.iter().find(|a| a.name == owner && a.kind == "world_user").ok_or_else(|| {
        Error::scenario(
            format!("{path}.owner"),
            format!("'{owner}' is not a world_user actor; name an actor of type world_user"),
        )
    })?;
    let username = user.get("user").unwrap_or("");
    world
        .users
        .iter()
        .find(|u| u.username == username)
        .map(|u| &world.hosts[u.workstation])
        .ok_or_else(|| Error::scenario(format!("{path}.owner"), format!("user '{username}' has no workstation")))
}

/// Returns the candidate at `index`, or one drawn from `key` when there is no index.
fn choose<'a, T>(candidates: &'a [T], index: Option<u32>, key: &StreamKey, path: &str) -> Result<&'a T> {
    let position = match index {
        Some(index) => index as usize,
        None => key.event(0).index(candidates.len()),
    };
    candidates.get(position).ok_or_else(|| {
        Error::scenario(
            format!("{path}.index"),
            format!(
                "index {position} is out of range: {} entities match; give 0 to {}",
                candidates.len(),
                candidates.len().saturating_sub(1)
            ),
        )
    })
}

fn role_matches(role: HostRole, filter: HostRoleFilter) -> bool {
    matches!(
        (role, filter),
        (HostRole::Workstation, HostRoleFilter::Workstation)
            | (HostRole::Server, HostRoleFilter::Server)
            | (HostRole::DomainController, HostRoleFilter::DomainController)
    )
}

fn platform_of(host: &Host) -> Platform {
    if host.windows {
        Platform::Windows
    } else if host.os.starts_with("macOS") {
        Platform::Macos
    } else {
        Platform::Linux
    }
}

fn put(fields: &mut Map<String, Value>, name: &str, value: String) {
    fields.insert(name.to_string(), Value::String(value));
}

fn user_fields(world: &World, user: &User, fields: &mut Map<String, Value>) {
    let workstation = &world.hosts[user.workstation];
    put(fields, "user", user.username.clone());
    put(fields, "name", user.display_name.clone());
    put(fields, "first_name", user.first_name.clone());
    put(fields, "last_name", user.last_name.clone());
    put(fields, "email", user.email.clone());
    put(fields, "upn", user.email.clone());
    put(fields, "department", user.department.clone());
    put(fields, "title", user.title.clone());
    put(fields, "employee_id", user.employee_id.clone());
    put(fields, "sid", user.sid.clone());
    put(fields, "okta_id", user.okta_id.clone());
    put(fields, "object_id", user.object_id.clone());
    put(fields, "host", workstation.hostname.clone());
    put(fields, "fqdn", workstation.fqdn.clone());
    put(fields, "ip", workstation.ip.to_string());
    put(fields, "mac", workstation.mac.clone());
    put(fields, "domain", world.domain.clone());
    put(fields, "netbios_domain", world.netbios_domain.clone());
}

fn host_fields(world: &World, host: &Host, fields: &mut Map<String, Value>) {
    let role = match host.role {
        HostRole::Workstation => "workstation",
        HostRole::Server => "server",
        HostRole::DomainController => "domain_controller",
    };
    let owner = host.owner.and_then(|i| world.users.get(i)).map(|u| u.username.clone());
    put(fields, "host", host.hostname.clone());
    put(fields, "hostname", host.hostname.clone());
    put(fields, "fqdn", host.fqdn.clone());
    put(fields, "ip", host.ip.to_string());
    put(fields, "mac", host.mac.clone());
    put(fields, "os", host.os.clone());
    put(fields, "role", role.to_string());
    put(fields, "user", owner.unwrap_or_default());
    put(fields, "domain", world.domain.clone());
    put(fields, "netbios_domain", world.netbios_domain.clone());
}

/// Returns the text of a string, number or boolean value.
pub(crate) fn scalar_text(value: &Value) -> Option<String> {
    match value {
        Value::String(text) => Some(text.clone()),
        Value::Number(number) => Some(number.to_string()),
        Value::Bool(flag) => Some(flag.to_string()),
        _ => None,
    }
}

/// Replaces each `${actor.field}` in `template` with the actor's value; `$$` writes one `$`.
///
/// # Errors
/// Returns a message naming the unknown actor or field, or the unclosed reference.
pub(crate) fn expand(template: &str, actors: &[ResolvedActor]) -> std::result::Result<String, String> {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(at) = rest.find('$') {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        if let Some(tail) = after.strip_prefix('$') {
            out.push('$');
            rest = tail;
            continue;
        }
        let Some(body) = after.strip_prefix('{') else {
            out.push('$');
            rest = after;
            continue;
        };
        let end = body
            .find('}')
            .ok_or_else(|| format!("'{template}' has a '${{' without its closing '}}'"))?;
        out.push_str(lookup(&body[..end], actors)?);
        rest = &body[end + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

fn lookup<'a>(reference: &str, actors: &'a [ResolvedActor]) -> std::result::Result<&'a str, String> {
    let (name, field) = reference
        .split_once('.')
        .ok_or_else(|| format!("'${{{reference}}}' names no field; write ${{actor.field}}, such as ${{victim.user}}"))?;
    let actor = actors.iter().find(|a| a.name == name).ok_or_else(|| {
        let names: Vec<&str> = actors.iter().map(|a| a.name.as_str()).collect();
        if names.is_empty() {
            format!("'${{{reference}}}' refers to the actor '{name}', but the scenario defines no actors")
        } else {
            format!(
                "'${{{reference}}}' refers to the unknown actor '{name}'; the actors are: {}",
                names.join(", ")
            )
        }
    })?;
    actor.get(field).ok_or_else(|| {
        let fields: Vec<&str> = actor.fields.keys().map(String::as_str).collect();
        format!(
            "actor '{name}' ({}) has no field '{field}'; its fields are: {}",
            actor.kind,
            fields.join(", ")
        )
    })
}
