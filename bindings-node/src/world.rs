//! The synthetic organisation: `World` and its entities as plain objects.

use std::sync::Arc;

use napi::bindgen_prelude::BigInt;
use napi::Env;
use napi_derive::napi;
use siemulator::world::{self, WorldConfig, SIZE_RANGES};

use crate::error::{guard, invalid_argument};
use crate::generate::{seed_from_js, Seed};

/// Sizes and options of the synthetic organisation; omitted fields keep the core defaults.
#[napi(object)]
#[derive(Clone, Default)]
pub struct WorldOptions {
    /// Number of employees (default 200).
    pub users: Option<f64>,
    /// Number of servers (default 40); every user also owns one workstation.
    pub servers: Option<f64>,
    /// Number of internal /24 subnets (default 8).
    pub subnets: Option<f64>,
    /// Number of external addresses to draw from (default 64).
    pub external_addresses: Option<f64>,
    /// Organisation name, used for the internal domain.
    pub organisation: Option<String>,
    /// Use public-looking addresses and domains instead of documentation and reserved ones.
    pub realistic_public_values: Option<bool>,
}

impl WorldOptions {
    /// Converts to the core configuration, rejecting a count that is not a whole number in the
    /// range of [`SIZE_RANGES`]. Errors name the option as `world.users`, as the core does.
    pub fn to_config(&self, env: &Env) -> napi::Result<WorldConfig> {
        let defaults = WorldConfig::default();
        let size = |core_name: &str, js_name: &str, value: Option<f64>, default: u32| {
            size_from_js(env, &format!("world.{js_name}"), core_name, value, default)
        };
        Ok(WorldConfig {
            users: size("users", "users", self.users, defaults.users)?,
            servers: size("servers", "servers", self.servers, defaults.servers)?,
            subnets: size("subnets", "subnets", self.subnets, defaults.subnets)?,
            external_addresses: size(
                "external_addresses",
                "externalAddresses",
                self.external_addresses,
                defaults.external_addresses,
            )?,
            organisation: self.organisation.clone(),
            realistic_public_values: self.realistic_public_values.unwrap_or(defaults.realistic_public_values),
        })
    }
}

/// Converts one entity count, checked against the core's range for `core_name`.
fn size_from_js(env: &Env, name: &str, core_name: &str, value: Option<f64>, default: u32) -> napi::Result<u32> {
    let Some(number) = value else {
        return Ok(default);
    };
    let (min, max) = SIZE_RANGES
        .iter()
        .find(|(setting, _, _)| *setting == core_name)
        .map_or((0, u32::MAX), |(_, min, max)| (*min, *max));
    if number.fract() != 0.0 || !(f64::from(min)..=f64::from(max)).contains(&number) {
        return Err(invalid_argument(
            env,
            name,
            format!("{number} is not a whole number from {min} to {max}"),
        ));
    }
    Ok(number as u32)
}

/// One employee.
#[napi(object)]
pub struct User {
    /// Login name, `first.last`.
    pub username: String,
    /// Given name.
    pub first_name: String,
    /// Family name.
    pub last_name: String,
    /// `First Last`.
    pub display_name: String,
    /// `first.last@domain`.
    pub email: String,
    /// Department name.
    pub department: String,
    /// Job title.
    pub title: String,
    /// Index of the manager in `World.users`; null for the head of the organisation.
    pub manager: Option<u32>,
    /// Employee number.
    pub employee_id: String,
    /// Windows security identifier.
    pub sid: String,
    /// Okta user id.
    pub okta_id: String,
    /// Entra ID object id.
    pub object_id: String,
    /// Index of the user's workstation in `World.hosts`.
    pub workstation: u32,
    /// Whether the user has administrative rights.
    pub admin: bool,
}

/// One computer.
#[napi(object)]
pub struct Host {
    /// Short host name.
    pub hostname: String,
    /// Fully qualified name in the internal domain.
    pub fqdn: String,
    /// Internal IPv4 address.
    pub ip: String,
    /// MAC address, colon separated, lower case.
    pub mac: String,
    /// Operating system name and version.
    pub os: String,
    /// True for Windows hosts.
    pub windows: bool,
    /// `workstation`, `server` or `domain_controller`.
    pub role: String,
    /// Index of the owning user in `World.users`, for workstations.
    pub owner: Option<u32>,
}

/// One internal subnet.
#[napi(object)]
pub struct Subnet {
    /// Network address.
    pub network: String,
    /// Prefix length.
    pub prefix: u32,
    /// Site or purpose name.
    pub name: String,
}

/// One cloud account or subscription.
#[napi(object)]
pub struct CloudAccount {
    /// `aws`, `azure` or `gcp`.
    pub provider: String,
    /// Account, subscription or project id.
    pub id: String,
    /// Human name.
    pub name: String,
    /// Home region.
    pub region: String,
}

/// One business application.
#[napi(object)]
pub struct Application {
    /// Display name.
    pub name: String,
    /// Application (client) id.
    pub app_id: String,
}

/// A deterministic synthetic organisation, built from a seed and options. Pass it as the
/// `world` option to share one world between several calls.
#[napi]
pub struct World {
    seed: u64,
    pub(crate) inner: Arc<world::World>,
}

#[napi]
impl World {
    /// Builds the world of `seed` (default 0); throws `invalid_argument` for counts out of range.
    #[napi(constructor)]
    pub fn new(env: &Env, seed: Option<Seed>, options: Option<WorldOptions>) -> napi::Result<Self> {
        let seed = seed_from_js(env, seed)?;
        let config = options.unwrap_or_default().to_config(env)?;
        let inner = guard(env, || world::World::new(seed, &config))?;
        Ok(World {
            seed,
            inner: Arc::new(inner),
        })
    }

    /// The seed the world was built from.
    #[napi(getter)]
    pub fn seed(&self) -> BigInt {
        BigInt::from(self.seed)
    }

    /// Organisation name.
    #[napi(getter)]
    pub fn organisation(&self) -> String {
        self.inner.organisation.clone()
    }

    /// Internal DNS and mail domain.
    #[napi(getter)]
    pub fn domain(&self) -> String {
        self.inner.domain.clone()
    }

    /// NetBIOS domain name.
    #[napi(getter)]
    pub fn netbios_domain(&self) -> String {
        self.inner.netbios_domain.clone()
    }

    /// Domain SID prefix `S-1-5-21-a-b-c`.
    #[napi(getter)]
    pub fn domain_sid(&self) -> String {
        self.inner.domain_sid.clone()
    }

    /// Entra ID tenant id.
    #[napi(getter)]
    pub fn tenant_id(&self) -> String {
        self.inner.tenant_id.clone()
    }

    /// Okta organisation host.
    #[napi(getter)]
    pub fn okta_org(&self) -> String {
        self.inner.okta_org.clone()
    }

    /// Employees.
    #[napi(getter)]
    pub fn users(&self) -> Vec<User> {
        self.inner.users.iter().map(user_to_js).collect()
    }

    /// Computers: one workstation per user, then servers and domain controllers.
    #[napi(getter)]
    pub fn hosts(&self) -> Vec<Host> {
        self.inner.hosts.iter().map(host_to_js).collect()
    }

    /// Internal subnets.
    #[napi(getter)]
    pub fn subnets(&self) -> Vec<Subnet> {
        self.inner
            .subnets
            .iter()
            .map(|subnet| Subnet {
                network: subnet.network.to_string(),
                prefix: u32::from(subnet.prefix),
                name: subnet.name.clone(),
            })
            .collect()
    }

    /// Public addresses the organisation's traffic leaves from.
    #[napi(getter)]
    pub fn nat_addresses(&self) -> Vec<String> {
        self.inner.nat_addresses.iter().map(|a| a.to_string()).collect()
    }

    /// External addresses (partners, attackers, the internet).
    #[napi(getter)]
    pub fn external_addresses(&self) -> Vec<String> {
        self.inner.external_addresses.iter().map(|a| a.to_string()).collect()
    }

    /// External domains.
    #[napi(getter)]
    pub fn external_domains(&self) -> Vec<String> {
        self.inner.external_domains.clone()
    }

    /// Cloud accounts.
    #[napi(getter)]
    pub fn cloud_accounts(&self) -> Vec<CloudAccount> {
        self.inner
            .cloud_accounts
            .iter()
            .map(|account| CloudAccount {
                provider: account.provider.clone(),
                id: account.id.clone(),
                name: account.name.clone(),
                region: account.region.clone(),
            })
            .collect()
    }

    /// Business applications.
    #[napi(getter)]
    pub fn applications(&self) -> Vec<Application> {
        self.inner
            .applications
            .iter()
            .map(|app| Application {
                name: app.name.clone(),
                app_id: app.app_id.clone(),
            })
            .collect()
    }

    /// Returns every entity in one plain object, for `JSON.stringify`.
    #[napi(js_name = "toJSON")]
    pub fn to_json(&self) -> WorldData {
        WorldData {
            seed: self.seed.to_string(),
            organisation: self.organisation(),
            domain: self.domain(),
            netbios_domain: self.netbios_domain(),
            domain_sid: self.domain_sid(),
            tenant_id: self.tenant_id(),
            okta_org: self.okta_org(),
            users: self.users(),
            hosts: self.hosts(),
            subnets: self.subnets(),
            nat_addresses: self.nat_addresses(),
            external_addresses: self.external_addresses(),
            external_domains: self.external_domains(),
            cloud_accounts: self.cloud_accounts(),
            applications: self.applications(),
        }
    }
}

/// Every entity of a [`World`], as `World.toJSON()` returns it.
#[napi(object)]
pub struct WorldData {
    /// The seed the world was built from, in decimal (JSON has no 64-bit integers).
    pub seed: String,
    /// Organisation name.
    pub organisation: String,
    /// Internal DNS and mail domain.
    pub domain: String,
    /// NetBIOS domain name.
    pub netbios_domain: String,
    /// Domain SID prefix.
    pub domain_sid: String,
    /// Entra ID tenant id.
    pub tenant_id: String,
    /// Okta organisation host.
    pub okta_org: String,
    /// Employees.
    pub users: Vec<User>,
    /// Computers.
    pub hosts: Vec<Host>,
    /// Internal subnets.
    pub subnets: Vec<Subnet>,
    /// Public addresses the organisation's traffic leaves from.
    pub nat_addresses: Vec<String>,
    /// External addresses.
    pub external_addresses: Vec<String>,
    /// External domains.
    pub external_domains: Vec<String>,
    /// Cloud accounts.
    pub cloud_accounts: Vec<CloudAccount>,
    /// Business applications.
    pub applications: Vec<Application>,
}

fn user_to_js(user: &world::User) -> User {
    User {
        username: user.username.clone(),
        first_name: user.first_name.clone(),
        last_name: user.last_name.clone(),
        display_name: user.display_name.clone(),
        email: user.email.clone(),
        department: user.department.clone(),
        title: user.title.clone(),
        manager: user.manager.map(|m| m as u32),
        employee_id: user.employee_id.clone(),
        sid: user.sid.clone(),
        okta_id: user.okta_id.clone(),
        object_id: user.object_id.clone(),
        workstation: user.workstation as u32,
        admin: user.admin,
    }
}

fn host_to_js(host: &world::Host) -> Host {
    Host {
        hostname: host.hostname.clone(),
        fqdn: host.fqdn.clone(),
        ip: host.ip.to_string(),
        mac: host.mac.clone(),
        os: host.os.clone(),
        windows: host.windows,
        role: match host.role {
            world::HostRole::Workstation => "workstation",
            world::HostRole::Server => "server",
            world::HostRole::DomainController => "domain_controller",
        }
        .to_string(),
        owner: host.owner.map(|o| o as u32),
    }
}
