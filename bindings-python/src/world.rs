//! The synthetic organisation: `World` and the typed entity records it exposes.

use std::sync::Arc;

use pyo3::prelude::*;
use siemulator::world::{self, WorldConfig};

use crate::conversion::{json_to_py, optional, py_to_json, seed_arg, whole_number};
use crate::error::{invalid_argument, Result};

/// One employee.
#[pyclass(module = "siemulator", frozen, get_all, eq)]
#[derive(Clone, PartialEq)]
pub struct User {
    username: String,
    first_name: String,
    last_name: String,
    display_name: String,
    email: String,
    department: String,
    title: String,
    /// Index of the manager in `World.users`; None for the head of the organisation.
    manager: Option<usize>,
    employee_id: String,
    /// Windows security identifier in the organisation's domain.
    sid: String,
    okta_id: String,
    /// Entra ID object id.
    object_id: String,
    /// Index of the user's workstation in `World.hosts`.
    workstation: usize,
    admin: bool,
}

#[pymethods]
impl User {
    fn __repr__(&self) -> String {
        format!("User(username={:?}, department={:?})", self.username, self.department)
    }
}

impl From<&world::User> for User {
    fn from(user: &world::User) -> Self {
        User {
            username: user.username.clone(),
            first_name: user.first_name.clone(),
            last_name: user.last_name.clone(),
            display_name: user.display_name.clone(),
            email: user.email.clone(),
            department: user.department.clone(),
            title: user.title.clone(),
            manager: user.manager,
            employee_id: user.employee_id.clone(),
            sid: user.sid.clone(),
            okta_id: user.okta_id.clone(),
            object_id: user.object_id.clone(),
            workstation: user.workstation,
            admin: user.admin,
        }
    }
}

/// One computer.
#[pyclass(module = "siemulator", frozen, get_all, eq)]
#[derive(Clone, PartialEq)]
pub struct Host {
    hostname: String,
    fqdn: String,
    /// Internal IPv4 address in dotted form.
    ip: String,
    mac: String,
    os: String,
    windows: bool,
    /// `workstation`, `server` or `domain_controller`.
    role: String,
    /// Index of the owning user in `World.users`, for workstations.
    owner: Option<usize>,
}

#[pymethods]
impl Host {
    fn __repr__(&self) -> String {
        format!("Host(hostname={:?}, ip={:?}, role={:?})", self.hostname, self.ip, self.role)
    }
}

impl From<&world::Host> for Host {
    fn from(host: &world::Host) -> Self {
        let role = match host.role {
            world::HostRole::Workstation => "workstation",
            world::HostRole::Server => "server",
            world::HostRole::DomainController => "domain_controller",
        };
        Host {
            hostname: host.hostname.clone(),
            fqdn: host.fqdn.clone(),
            ip: host.ip.to_string(),
            mac: host.mac.clone(),
            os: host.os.clone(),
            windows: host.windows,
            role: role.to_string(),
            owner: host.owner,
        }
    }
}

/// One internal subnet.
#[pyclass(module = "siemulator", frozen, get_all, eq)]
#[derive(Clone, PartialEq)]
pub struct Subnet {
    /// Network address in dotted form.
    network: String,
    /// Prefix length in bits.
    prefix: u8,
    /// Site or purpose name.
    name: String,
}

#[pymethods]
impl Subnet {
    fn __repr__(&self) -> String {
        format!("Subnet(network={:?}, prefix={}, name={:?})", self.network, self.prefix, self.name)
    }
}

impl From<&world::Subnet> for Subnet {
    fn from(subnet: &world::Subnet) -> Self {
        Subnet {
            network: subnet.network.to_string(),
            prefix: subnet.prefix,
            name: subnet.name.clone(),
        }
    }
}

/// One cloud account or subscription.
#[pyclass(module = "siemulator", frozen, get_all, eq)]
#[derive(Clone, PartialEq)]
pub struct CloudAccount {
    /// `aws`, `azure` or `gcp`.
    provider: String,
    id: String,
    name: String,
    region: String,
}

#[pymethods]
impl CloudAccount {
    fn __repr__(&self) -> String {
        format!("CloudAccount(provider={:?}, id={:?}, name={:?})", self.provider, self.id, self.name)
    }
}

impl From<&world::CloudAccount> for CloudAccount {
    fn from(account: &world::CloudAccount) -> Self {
        CloudAccount {
            provider: account.provider.clone(),
            id: account.id.clone(),
            name: account.name.clone(),
            region: account.region.clone(),
        }
    }
}

/// One business application.
#[pyclass(module = "siemulator", frozen, get_all, eq)]
#[derive(Clone, PartialEq)]
pub struct Application {
    name: String,
    /// Application (client) id, a UUID.
    app_id: String,
}

#[pymethods]
impl Application {
    fn __repr__(&self) -> String {
        format!("Application(name={:?}, app_id={:?})", self.name, self.app_id)
    }
}

impl From<&world::Application> for Application {
    fn from(application: &world::Application) -> Self {
        Application {
            name: application.name.clone(),
            app_id: application.app_id.clone(),
        }
    }
}

/// The synthetic organisation every source draws users, hosts and addresses from.
///
/// A world is a pure function of its seed and settings. Passing it as `world=` to
/// `generate`, `stream` or `write` makes those events use exactly these entities.
#[pyclass(module = "siemulator", frozen)]
pub struct World {
    seed: u64,
    config: WorldConfig,
    inner: Arc<world::World>,
}

impl World {
    /// The core world, shared with generators without a copy.
    pub fn shared(&self) -> Arc<world::World> {
        Arc::clone(&self.inner)
    }
}

/// Reads `world=`: a dict of `WorldConfig` settings (the keyword arguments of `World`).
pub fn config_from_py(value: &Bound<'_, PyAny>) -> Result<WorldConfig> {
    let json = py_to_json(value)?;
    serde_json::from_value(json).map_err(|err| invalid_argument("world", format!("{err}; the keys are the keyword arguments of World")))
}

/// Reads the entity count `name` of a world: None takes the default, and a number outside the
/// range that `World::new` accepts names that range.
fn size_arg(name: &str, object: &Bound<'_, PyAny>) -> PyResult<Option<u32>> {
    let (_, min, max) = world::SIZE_RANGES
        .iter()
        .copied()
        .find(|(setting, ..)| *setting == name)
        .unwrap_or((name, 0, u32::MAX));
    optional(object, |object| whole_number(&format!("world.{name}"), object, min, max))
}

fn users_arg(object: &Bound<'_, PyAny>) -> PyResult<Option<u32>> {
    size_arg("users", object)
}

fn servers_arg(object: &Bound<'_, PyAny>) -> PyResult<Option<u32>> {
    size_arg("servers", object)
}

fn subnets_arg(object: &Bound<'_, PyAny>) -> PyResult<Option<u32>> {
    size_arg("subnets", object)
}

fn external_addresses_arg(object: &Bound<'_, PyAny>) -> PyResult<Option<u32>> {
    size_arg("external_addresses", object)
}

#[pymethods]
impl World {
    /// Build the world of `seed`; settings left as None take the library defaults.
    #[new]
    #[pyo3(signature = (seed = 0, *, users = None, servers = None, subnets = None, external_addresses = None, organisation = None, realistic_public_values = None))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        py: Python<'_>,
        #[pyo3(from_py_with = seed_arg)] seed: u64,
        #[pyo3(from_py_with = users_arg)] users: Option<u32>,
        #[pyo3(from_py_with = servers_arg)] servers: Option<u32>,
        #[pyo3(from_py_with = subnets_arg)] subnets: Option<u32>,
        #[pyo3(from_py_with = external_addresses_arg)] external_addresses: Option<u32>,
        organisation: Option<String>,
        realistic_public_values: Option<bool>,
    ) -> Result<Self> {
        let defaults = WorldConfig::default();
        let config = WorldConfig {
            users: users.unwrap_or(defaults.users),
            servers: servers.unwrap_or(defaults.servers),
            subnets: subnets.unwrap_or(defaults.subnets),
            external_addresses: external_addresses.unwrap_or(defaults.external_addresses),
            organisation: organisation.or(defaults.organisation),
            realistic_public_values: realistic_public_values.unwrap_or(defaults.realistic_public_values),
        };
        let inner = py.detach(|| world::World::new(seed, &config))?;
        Ok(World {
            seed,
            config,
            inner: Arc::new(inner),
        })
    }

    /// Seed the world was built from.
    #[getter]
    fn seed(&self) -> u64 {
        self.seed
    }

    /// Settings the world was built with, as a dict of the constructor's keyword arguments.
    #[getter]
    fn config<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let value = serde_json::to_value(&self.config).map_err(|err| pyo3::exceptions::PyRuntimeError::new_err(err.to_string()))?;
        json_to_py(py, &value)
    }

    /// Organisation name.
    #[getter]
    fn organisation(&self) -> &str {
        &self.inner.organisation
    }

    /// Internal DNS and mail domain.
    #[getter]
    fn domain(&self) -> &str {
        &self.inner.domain
    }

    /// NetBIOS domain name, upper case.
    #[getter]
    fn netbios_domain(&self) -> &str {
        &self.inner.netbios_domain
    }

    /// Domain SID prefix `S-1-5-21-a-b-c`.
    #[getter]
    fn domain_sid(&self) -> &str {
        &self.inner.domain_sid
    }

    /// Entra ID tenant id.
    #[getter]
    fn tenant_id(&self) -> &str {
        &self.inner.tenant_id
    }

    /// Okta organisation host.
    #[getter]
    fn okta_org(&self) -> &str {
        &self.inner.okta_org
    }

    /// Employees.
    #[getter]
    fn users(&self) -> Vec<User> {
        self.inner.users.iter().map(User::from).collect()
    }

    /// Computers: one workstation per user, then domain controllers and servers.
    #[getter]
    fn hosts(&self) -> Vec<Host> {
        self.inner.hosts.iter().map(Host::from).collect()
    }

    /// Internal subnets.
    #[getter]
    fn subnets(&self) -> Vec<Subnet> {
        self.inner.subnets.iter().map(Subnet::from).collect()
    }

    /// Public addresses the organisation's traffic leaves from.
    #[getter]
    fn nat_addresses(&self) -> Vec<String> {
        self.inner.nat_addresses.iter().map(ToString::to_string).collect()
    }

    /// External addresses: partners, attackers, the internet.
    #[getter]
    fn external_addresses(&self) -> Vec<String> {
        self.inner.external_addresses.iter().map(ToString::to_string).collect()
    }

    /// External domains: websites, mail senders, attacker infrastructure.
    #[getter]
    fn external_domains(&self) -> Vec<String> {
        self.inner.external_domains.clone()
    }

    /// Cloud accounts and subscriptions.
    #[getter]
    fn cloud_accounts(&self) -> Vec<CloudAccount> {
        self.inner.cloud_accounts.iter().map(CloudAccount::from).collect()
    }

    /// Business applications.
    #[getter]
    fn applications(&self) -> Vec<Application> {
        self.inner.applications.iter().map(Application::from).collect()
    }

    /// Return the whole world as plain dicts and lists (the core's serialized form).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let value = serde_json::to_value(&*self.inner).map_err(|err| pyo3::exceptions::PyRuntimeError::new_err(err.to_string()))?;
        json_to_py(py, &value)
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other.cast::<World>().is_ok_and(|other| *other.get().inner == *self.inner)
    }

    fn __repr__(&self) -> String {
        format!(
            "World(seed={}, organisation={:?}, users={}, hosts={})",
            self.seed,
            self.inner.organisation,
            self.inner.users.len(),
            self.inner.hosts.len()
        )
    }
}

/// Adds the world classes to the module.
pub fn register(module: &Bound<'_, PyModule>) -> PyResult<()> {
    module.add_class::<World>()?;
    module.add_class::<User>()?;
    module.add_class::<Host>()?;
    module.add_class::<Subnet>()?;
    module.add_class::<CloudAccount>()?;
    module.add_class::<Application>()?;
    Ok(())
}
