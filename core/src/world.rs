//! The synthetic organisation every source draws its entities from.
//!
//! A [`World`] is a pure function of a seed and a [`WorldConfig`]: the same user logs into
//! Okta, starts processes on her workstation and calls CloudTrail. By default every external
//! address is in the documentation ranges of RFC 5737 and RFC 3849 and every domain is a
//! reserved name of RFC 2606 and RFC 6761, so generated data never points at real people or
//! hosts. `realistic_public_values` opts into public-looking values instead.

use std::fmt::Write as _;
use std::net::Ipv4Addr;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::seed::{EventRng, StreamKey};

/// Sizes and options of the synthetic organisation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct WorldConfig {
    /// Number of employees.
    pub users: u32,
    /// Number of servers; every user also owns one workstation.
    pub servers: u32,
    /// Number of internal /24 subnets.
    pub subnets: u32,
    /// Number of external (attacker or partner) addresses to draw from.
    pub external_addresses: u32,
    /// Organisation name, used for the internal domain (`<name>.example` by default). The
    /// domain label keeps its ASCII letters (in lower case) and digits, turns each run of
    /// ASCII spaces and punctuation into one hyphen, and drops every other character.
    pub organisation: Option<String>,
    /// Use public-looking addresses and domains instead of documentation and reserved ones.
    pub realistic_public_values: bool,
}

impl Default for WorldConfig {
    fn default() -> Self {
        WorldConfig {
            users: 200,
            servers: 40,
            subnets: 8,
            external_addresses: 64,
            organisation: None,
            realistic_public_values: false,
        }
    }
}

/// Maximum of each entity count, so a world always fits comfortably in memory.
pub const MAX_ENTITIES: u32 = 100_000;

/// The entity counts of [`WorldConfig`] by setting name, with the smallest and largest value
/// [`World::new`] accepts for each.
pub const SIZE_RANGES: [(&str, u32, u32); 4] = [
    ("users", 1, MAX_ENTITIES),
    ("servers", 0, MAX_ENTITIES),
    ("subnets", 1, 250),
    ("external_addresses", 1, MAX_ENTITIES),
];

impl WorldConfig {
    /// Returns the entity count of setting `name` (one of [`SIZE_RANGES`]).
    fn size(&self, name: &str) -> Option<u32> {
        match name {
            "users" => Some(self.users),
            "servers" => Some(self.servers),
            "subnets" => Some(self.subnets),
            "external_addresses" => Some(self.external_addresses),
            _ => None,
        }
    }
}

/// One employee.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
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
    /// Index of the manager in [`World::users`], none for the head of the organisation.
    pub manager: Option<usize>,
    /// Employee number.
    pub employee_id: String,
    /// Windows security identifier in the organisation's domain.
    pub sid: String,
    /// Okta user id (`00u` followed by 17 characters).
    pub okta_id: String,
    /// Entra ID object id (a UUID).
    pub object_id: String,
    /// Index of the user's workstation in [`World::hosts`].
    pub workstation: usize,
    /// Whether the user holds administrative rights.
    pub admin: bool,
}

/// Role of a host.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum HostRole {
    /// An employee laptop or desktop.
    Workstation,
    /// A member server.
    Server,
    /// An Active Directory domain controller.
    DomainController,
}

/// One computer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Host {
    /// Short host name, upper case for Windows hosts.
    pub hostname: String,
    /// Fully qualified name in the internal domain.
    pub fqdn: String,
    /// Internal address.
    pub ip: Ipv4Addr,
    /// MAC address, colon separated, lower case.
    pub mac: String,
    /// Operating system name and version.
    pub os: String,
    /// True for Windows hosts.
    pub windows: bool,
    /// Role.
    pub role: HostRole,
    /// Index of the owning user in [`World::users`] for workstations.
    pub owner: Option<usize>,
}

/// One internal subnet.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Subnet {
    /// Network address.
    pub network: Ipv4Addr,
    /// Prefix length.
    pub prefix: u8,
    /// Site or purpose name.
    pub name: String,
}

/// Security zone of an address, as the organisation's firewalls divide the network.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Zone {
    /// The internal subnets other than the DMZ, and any other private address.
    Inside,
    /// A subnet named `dmz`, where the servers that the internet reaches sit.
    Dmz,
    /// Every other address: the internet and the organisation's own public NAT addresses.
    Outside,
}

/// One cloud account or subscription.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CloudAccount {
    /// Provider: `aws`, `azure` or `gcp`.
    pub provider: String,
    /// Account id (12 digits for AWS, a UUID for Azure, a project id for GCP).
    pub id: String,
    /// Human name.
    pub name: String,
    /// Home region.
    pub region: String,
}

/// One business application.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Application {
    /// Display name.
    pub name: String,
    /// Application (client) id, a UUID.
    pub app_id: String,
}

/// The synthetic organisation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct World {
    /// Organisation name.
    pub organisation: String,
    /// Internal DNS and mail domain.
    pub domain: String,
    /// NetBIOS domain name, upper case.
    pub netbios_domain: String,
    /// Domain SID prefix `S-1-5-21-a-b-c`.
    pub domain_sid: String,
    /// Entra ID tenant id.
    pub tenant_id: String,
    /// Okta organisation host.
    pub okta_org: String,
    /// Employees.
    pub users: Vec<User>,
    /// Computers: one workstation per user, then servers and domain controllers.
    pub hosts: Vec<Host>,
    /// Internal subnets.
    pub subnets: Vec<Subnet>,
    /// Public addresses the organisation's traffic leaves from.
    pub nat_addresses: Vec<Ipv4Addr>,
    /// External addresses (partners, attackers, the internet).
    pub external_addresses: Vec<Ipv4Addr>,
    /// External domains (websites, mail senders, attacker infrastructure).
    pub external_domains: Vec<String>,
    /// Cloud accounts.
    pub cloud_accounts: Vec<CloudAccount>,
    /// Business applications.
    pub applications: Vec<Application>,
}

const FIRST_NAMES: &[&str] = &[
    "Aisha",
    "Akira",
    "Alejandro",
    "Amara",
    "Ana",
    "Andrei",
    "Anika",
    "Arjun",
    "Beatriz",
    "Bilal",
    "Carlos",
    "Chen",
    "Chloe",
    "Daniel",
    "Dmitri",
    "Elena",
    "Emeka",
    "Emma",
    "Fatima",
    "Felix",
    "Hana",
    "Hiroshi",
    "Ibrahim",
    "Ingrid",
    "Isabel",
    "James",
    "Jin",
    "Joao",
    "Julia",
    "Kwame",
    "Lars",
    "Leila",
    "Liam",
    "Lucia",
    "Mahmoud",
    "Maria",
    "Mateo",
    "Mei",
    "Mohammed",
    "Nadia",
    "Nikhil",
    "Noah",
    "Olga",
    "Omar",
    "Priya",
    "Rafael",
    "Rania",
    "Ravi",
    "Sakura",
    "Samuel",
    "Sara",
    "Sofia",
    "Tariq",
    "Thomas",
    "Valentina",
    "Wei",
    "Yusuf",
    "Zanele",
    "Zoe",
    "Kofi",
];

const LAST_NAMES: &[&str] = &[
    "Abdullah",
    "Adeyemi",
    "Andersson",
    "Bauer",
    "Bianchi",
    "Chen",
    "Costa",
    "Dubois",
    "Fernandes",
    "Garcia",
    "Gonzalez",
    "Gupta",
    "Haddad",
    "Hansen",
    "Hernandez",
    "Ivanova",
    "Jansen",
    "Kim",
    "Kowalski",
    "Kumar",
    "Larsen",
    "Lee",
    "Lopez",
    "Martin",
    "Mensah",
    "Muller",
    "Nakamura",
    "Nguyen",
    "Novak",
    "Okafor",
    "Olsen",
    "Park",
    "Patel",
    "Pereira",
    "Petrov",
    "Rossi",
    "Santos",
    "Sato",
    "Schmidt",
    "Silva",
    "Singh",
    "Smith",
    "Suzuki",
    "Tanaka",
    "Torres",
    "Wang",
    "Wilson",
    "Yilmaz",
    "Zhang",
    "Novotny",
];

const DEPARTMENTS: &[(&str, &[&str])] = &[
    (
        "Engineering",
        &[
            "Software Engineer",
            "Senior Software Engineer",
            "Site Reliability Engineer",
            "Engineering Manager",
        ],
    ),
    ("Finance", &["Accountant", "Financial Analyst", "Controller", "Payroll Specialist"]),
    (
        "Sales",
        &["Account Executive", "Sales Engineer", "Sales Director", "Business Development Rep"],
    ),
    ("Marketing", &["Marketing Manager", "Content Strategist", "Designer"]),
    ("Human Resources", &["HR Business Partner", "Recruiter", "HR Director"]),
    (
        "IT",
        &["Systems Administrator", "Helpdesk Analyst", "Network Engineer", "IT Manager"],
    ),
    ("Security", &["Security Analyst", "Security Engineer", "CISO"]),
    ("Legal", &["Counsel", "Paralegal"]),
    ("Operations", &["Operations Manager", "Office Manager", "Logistics Coordinator"]),
];

const ORGANISATIONS: &[&str] = &[
    "acme",
    "globex",
    "initech",
    "umbrella",
    "hooli",
    "vandelay",
    "stark",
    "wayne",
    "tyrell",
    "cyberdyne",
];

const SERVER_ROLES: &[&str] = &["FS", "SQL", "APP", "WEB", "EXCH", "PRINT", "BKP", "JUMP", "FILE", "CI"];

const WINDOWS_VERSIONS: &[&str] = &[
    "Windows 11 Enterprise 23H2",
    "Windows 11 Enterprise 24H2",
    "Windows 10 Enterprise 22H2",
];
const MAC_VERSIONS: &[&str] = &["macOS 14.6", "macOS 15.1"];
const SERVER_VERSIONS: &[&str] = &[
    "Windows Server 2022",
    "Windows Server 2019",
    "Ubuntu 22.04 LTS",
    "Ubuntu 24.04 LTS",
    "Red Hat Enterprise Linux 9.4",
];

/// Name of the subnets that hold the servers the internet reaches.
const DMZ_NAME: &str = "dmz";

const SITE_NAMES: &[&str] = &[
    "hq-users",
    "hq-servers",
    "branch-users",
    DMZ_NAME,
    "vpn-pool",
    "lab",
    "datacenter",
    "wifi-guest",
    "mgmt",
    "dev",
];

const EXTERNAL_NAMES: &[&str] = &[
    "cdn-assets",
    "login-portal",
    "files-share",
    "update-service",
    "mail-relay",
    "docs-viewer",
    "secure-verify",
    "invoice-center",
    "api-gateway",
    "static-content",
    "payroll-update",
    "vpn-access",
    "support-desk",
    "news-feed",
    "analytics",
    "storage-sync",
];

const RESERVED_SUFFIXES: &[&str] = &["example.com", "example.net", "example.org", "test", "example"];
const PUBLIC_SUFFIXES: &[&str] = &["com", "net", "io", "org", "co", "info", "xyz", "online"];

const AWS_REGIONS: &[&str] = &["us-east-1", "us-west-2", "eu-west-1", "eu-central-1", "ap-southeast-2"];
const AZURE_REGIONS: &[&str] = &["eastus", "westeurope", "northeurope", "uksouth"];

const APPLICATIONS: &[&str] = &[
    "Salesforce",
    "Workday",
    "Slack",
    "Zoom",
    "GitHub Enterprise",
    "Jira",
    "Confluence",
    "ServiceNow",
    "Microsoft Teams",
    "Office 365 Exchange Online",
    "SharePoint Online",
    "AWS Console",
    "Box",
    "DocuSign",
    "Tableau",
    "Zendesk",
];

impl World {
    /// Builds the world of `seed` with `config`.
    ///
    /// # Errors
    /// Returns [`Error::InvalidArgument`] when a count is outside its range in [`SIZE_RANGES`].
    ///
    /// # Examples
    /// ```
    /// use siemulator::world::{World, WorldConfig};
    /// let world = World::new(0, &WorldConfig::default()).unwrap();
    /// assert_eq!(world.users.len(), 200);
    /// assert!(world.domain.ends_with(".example"));
    /// ```
    pub fn new(seed: u64, config: &WorldConfig) -> Result<World> {
        for (name, min, max) in SIZE_RANGES {
            let value = config.size(name).unwrap_or(min);
            if value < min || value > max {
                return Err(Error::invalid_argument(
                    format!("world.{name}"),
                    format!("{value} is out of range; give {min} to {max}"),
                ));
            }
        }
        let key = StreamKey::new(seed, "world");
        let mut rng = key.event(0);

        let organisation = match &config.organisation {
            Some(name) => match domain_label(name) {
                Some(label) => label,
                None => {
                    return Err(Error::invalid_argument(
                        "world.organisation",
                        format!("the organisation name {name:?} has no ASCII letter or digit to make a domain name of; give a name such as \"acme\" or omit it"),
                    ))
                }
            },
            None => rng.pick(ORGANISATIONS).to_string(),
        };
        let domain = if config.realistic_public_values {
            format!("{organisation}corp.com")
        } else {
            format!("{organisation}.example")
        };
        let netbios_domain = organisation
            .to_ascii_uppercase()
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .take(15)
            .collect();
        let domain_sid = format!(
            "S-1-5-21-{}-{}-{}",
            rng.range(1_000_000_000, 4_000_000_000),
            rng.range(1_000_000_000, 4_000_000_000),
            rng.range(1_000_000_000, 4_000_000_000)
        );
        let tenant_id = rng.uuid();
        let okta_org = format!("{organisation}.okta.com");

        let subnets = build_subnets(&mut key.event(1), config.subnets);
        let users = build_users(&key, config.users, &domain, &domain_sid);
        let hosts = build_hosts(&key, &users, config.servers, &subnets, &domain);
        let users = users
            .into_iter()
            .enumerate()
            .map(|(i, mut user)| {
                user.workstation = i;
                user
            })
            .collect();

        let mut rng = key.event(2);
        let nat_addresses: Vec<Ipv4Addr> = (0..4).map(|_| external_address(&mut rng, config.realistic_public_values)).collect();
        let mut external_addresses: Vec<Ipv4Addr> = (0..config.external_addresses)
            .map(|_| external_address(&mut rng, config.realistic_public_values))
            .collect();
        // An outside address equal to one of the organisation's own would make an attacker
        // scan from the company's firewall. Such draws are replaced from a stream of their own,
        // so every other address, and every later draw, stays as it was.
        let mut replacements = key.event(9);
        for address in &mut external_addresses {
            while nat_addresses.contains(address) {
                *address = external_address(&mut replacements, config.realistic_public_values);
            }
        }
        let external_domains = (0..32)
            .map(|i| {
                let name = EXTERNAL_NAMES[i % EXTERNAL_NAMES.len()];
                let suffixes = if config.realistic_public_values {
                    PUBLIC_SUFFIXES
                } else {
                    RESERVED_SUFFIXES
                };
                let suffix = rng.pick(suffixes);
                if i < EXTERNAL_NAMES.len() {
                    format!("{name}.{suffix}")
                } else {
                    format!("{name}-{}.{suffix}", rng.alphanumeric(4).to_ascii_lowercase())
                }
            })
            .collect();

        let mut rng = key.event(3);
        let mut cloud_accounts = Vec::new();
        for (i, purpose) in ["production", "staging", "security-tooling"].iter().enumerate() {
            let mut id = String::new();
            id.push(char::from(b'1' + rng.below(9) as u8));
            for _ in 0..11 {
                id.push(char::from(b'0' + rng.below(10) as u8));
            }
            cloud_accounts.push(CloudAccount {
                provider: "aws".into(),
                id,
                name: format!("{organisation}-{purpose}"),
                region: AWS_REGIONS[i % AWS_REGIONS.len()].into(),
            });
        }
        cloud_accounts.push(CloudAccount {
            provider: "azure".into(),
            id: rng.uuid(),
            name: format!("{organisation}-subscription"),
            region: rng.pick(AZURE_REGIONS).to_string(),
        });
        cloud_accounts.push(CloudAccount {
            provider: "gcp".into(),
            id: format!("{organisation}-prod-{}", rng.range(100_000, 999_999)),
            name: format!("{organisation}-prod"),
            region: "us-central1".into(),
        });

        let applications = APPLICATIONS
            .iter()
            .map(|name| Application {
                name: name.to_string(),
                app_id: rng.uuid(),
            })
            .collect();

        Ok(World {
            organisation,
            domain,
            netbios_domain,
            domain_sid,
            tenant_id,
            okta_org,
            users,
            hosts,
            subnets,
            nat_addresses,
            external_addresses,
            external_domains,
            cloud_accounts,
            applications,
        })
    }

    /// The AWS accounts.
    pub fn aws_accounts(&self) -> impl Iterator<Item = &CloudAccount> {
        self.cloud_accounts.iter().filter(|a| a.provider == "aws")
    }

    /// Returns the workstation of user `index`.
    pub fn workstation_of(&self, index: usize) -> &Host {
        &self.hosts[self.users[index].workstation]
    }

    /// Returns the index of the user that `name` names: a user name, an email address (case
    /// does not matter) or `DOMAIN\\user`.
    pub fn user_named(&self, name: &str) -> Option<usize> {
        let name = name.rsplit_once('\\').map_or(name, |(_, user)| user);
        self.users
            .iter()
            .position(|user| user.username.eq_ignore_ascii_case(name) || user.email.eq_ignore_ascii_case(name))
    }

    /// Returns true when `address` lies in one of the organisation's internal subnets.
    pub fn is_internal(&self, address: Ipv4Addr) -> bool {
        self.subnets.iter().any(|subnet| subnet.contains(address))
    }

    /// Returns the security zone of `address`: [`Zone::Dmz`] when the first subnet that
    /// contains it is named `dmz`, [`Zone::Inside`] for another internal subnet or a private
    /// range, else [`Zone::Outside`]. Worlds of more than 32 subnets repeat networks, so the
    /// first one decides.
    pub fn zone_of(&self, address: Ipv4Addr) -> Zone {
        match self.subnets.iter().find(|subnet| subnet.contains(address)) {
            Some(subnet) if subnet.name == DMZ_NAME => Zone::Dmz,
            Some(_) => Zone::Inside,
            None if address.is_private() => Zone::Inside,
            None => Zone::Outside,
        }
    }

    /// Returns the address at which the internet reaches the server at `address`: the same
    /// host number in the first subnet named `dmz`, or `address` itself in a world without
    /// one (fewer than four subnets).
    ///
    /// NOTE: only the firewall sources use these addresses. Other sources show every server
    /// at its address in [`World::hosts`].
    pub fn dmz_address(&self, address: Ipv4Addr) -> Ipv4Addr {
        match self.subnets.iter().find(|subnet| subnet.name == DMZ_NAME) {
            Some(dmz) => host_address(dmz, u32::from(address) & !subnet_mask(dmz.prefix)),
            None => address,
        }
    }

    /// The servers and domain controllers.
    pub fn servers(&self) -> &[Host] {
        &self.hosts[self.users.len()..]
    }

    /// Returns a uniformly chosen server or domain controller that `matches` accepts, or `None`
    /// when there is none. Counting first and then walking to the chosen one draws the same
    /// random value as indexing a collected list, without allocating the list.
    pub fn pick_server(&self, rng: &mut EventRng, matches: impl Fn(&Host) -> bool) -> Option<&Host> {
        let count = self.servers().iter().filter(|host| matches(host)).count();
        if count == 0 {
            return None;
        }
        let index = rng.index(count);
        self.servers().iter().filter(|host| matches(host)).nth(index)
    }
}

impl Subnet {
    /// Returns true when `address` lies in this subnet.
    pub fn contains(&self, address: Ipv4Addr) -> bool {
        let mask = subnet_mask(self.prefix);
        u32::from(address) & mask == u32::from(self.network) & mask
    }
}

/// Returns the network mask of a prefix length, as a number.
fn subnet_mask(prefix: u8) -> u32 {
    u32::MAX.checked_shl(32 - u32::from(prefix)).unwrap_or(0)
}

fn build_subnets(rng: &mut EventRng, count: u32) -> Vec<Subnet> {
    let second = rng.range(10, 200) as u8;
    (0..count)
        .map(|i| Subnet {
            network: Ipv4Addr::new(10, second, (i * 8 % 256) as u8 + 1, 0),
            prefix: 24,
            name: SITE_NAMES[i as usize % SITE_NAMES.len()].to_string(),
        })
        .collect()
}

fn build_users(key: &StreamKey, count: u32, domain: &str, domain_sid: &str) -> Vec<User> {
    let mut taken = std::collections::BTreeSet::new();
    let mut users = Vec::with_capacity(count as usize);
    for i in 0..count as u64 {
        let mut rng = key.child("users").event(i);
        let first_name = rng.pick(FIRST_NAMES).to_string();
        let last_name = rng.pick(LAST_NAMES).to_string();
        let mut username = format!("{}.{}", first_name.to_ascii_lowercase(), last_name.to_ascii_lowercase());
        if !taken.insert(username.clone()) {
            username = format!("{username}{i}");
            taken.insert(username.clone());
        }
        let (department, titles) = DEPARTMENTS[rng.index(DEPARTMENTS.len())];
        let title = rng.pick(titles).to_string();
        let manager = if i == 0 {
            None
        } else {
            Some(rng.index((i as usize).min(count as usize / 10 + 1)))
        };
        let mut okta_id = String::from("00u");
        rng.alphanumeric_into(&mut okta_id, 17);
        let admin = department == "IT" || department == "Security" || rng.chance(20);
        users.push(User {
            email: format!("{username}@{domain}"),
            display_name: format!("{first_name} {last_name}"),
            username,
            first_name,
            last_name,
            department: department.to_string(),
            title,
            manager,
            employee_id: format!("E{:06}", 100_000 + i),
            sid: format!("{domain_sid}-{}", 1100 + i),
            okta_id,
            object_id: rng.uuid(),
            workstation: 0,
            admin,
        });
    }
    users
}

fn mac_address(rng: &mut EventRng) -> String {
    let mut mac = String::with_capacity(17);
    // Locally administered, unicast: the second hex digit is 2, 6, A or E.
    let bytes = rng.next_u64().to_le_bytes();
    for (i, byte) in bytes[..6].iter().enumerate() {
        let byte = if i == 0 { (byte & 0xfc) | 0x02 } else { *byte };
        if i > 0 {
            mac.push(':');
        }
        let _ = write!(mac, "{byte:02x}");
    }
    mac
}

fn build_hosts(key: &StreamKey, users: &[User], servers: u32, subnets: &[Subnet], domain: &str) -> Vec<Host> {
    let mut hosts = Vec::with_capacity(users.len() + servers as usize + 2);
    let user_subnets: Vec<&Subnet> = subnets.iter().step_by(2).collect();
    for (i, _) in users.iter().enumerate() {
        let mut rng = key.child("workstations").event(i as u64);
        let mac_os = rng.chance(150);
        let subnet = user_subnets[i % user_subnets.len()];
        let hostname = if mac_os {
            format!("MAC-{:05}", 10_000 + i)
        } else {
            format!("WS-{:05}", 10_000 + i)
        };
        hosts.push(Host {
            fqdn: format!("{}.{domain}", hostname.to_ascii_lowercase()),
            hostname,
            ip: host_address(subnet, 10 + (i / user_subnets.len()) as u32 % 240),
            mac: mac_address(&mut rng),
            os: if mac_os {
                rng.pick(MAC_VERSIONS).to_string()
            } else {
                rng.pick(WINDOWS_VERSIONS).to_string()
            },
            windows: !mac_os,
            role: HostRole::Workstation,
            owner: Some(i),
        });
    }
    let server_subnet = subnets.get(1).unwrap_or(&subnets[0]);
    for i in 0..servers as usize + 2 {
        let mut rng = key.child("servers").event(i as u64);
        let (hostname, os, role) = if i < 2 {
            (
                format!("DC{:02}", i + 1),
                "Windows Server 2022".to_string(),
                HostRole::DomainController,
            )
        } else {
            let os = rng.pick(SERVER_VERSIONS).to_string();
            let role = SERVER_ROLES[(i - 2) % SERVER_ROLES.len()];
            let name = if os.starts_with("Windows") {
                format!("SRV-{role}{:02}", i - 1)
            } else {
                format!("srv-{}{:02}", role.to_ascii_lowercase(), i - 1)
            };
            (name, os, HostRole::Server)
        };
        hosts.push(Host {
            fqdn: format!("{}.{domain}", hostname.to_ascii_lowercase()),
            windows: os.starts_with("Windows"),
            hostname,
            ip: host_address(server_subnet, 5 + i as u32 % 245),
            mac: mac_address(&mut rng),
            os,
            role,
            owner: None,
        });
    }
    hosts
}

fn host_address(subnet: &Subnet, host: u32) -> Ipv4Addr {
    let base = u32::from(subnet.network);
    Ipv4Addr::from(base + host.clamp(1, 254))
}

fn external_address(rng: &mut EventRng, realistic: bool) -> Ipv4Addr {
    if realistic {
        loop {
            let candidate = Ipv4Addr::from(rng.next_u64() as u32);
            let first = candidate.octets()[0];
            let reserved = candidate.is_private()
                || candidate.is_loopback()
                || candidate.is_link_local()
                || candidate.is_multicast()
                || candidate.is_documentation()
                || candidate.is_broadcast()
                || first == 0
                || first >= 224
                || (first == 100 && (64..128).contains(&candidate.octets()[1]));
            if !reserved {
                return candidate;
            }
        }
    }
    let networks = [[192u8, 0, 2], [198, 51, 100], [203, 0, 113]];
    let network = rng.pick(&networks);
    Ipv4Addr::new(network[0], network[1], network[2], rng.range(1, 254) as u8)
}

/// Turns an organisation name into a DNS label of at most 59 bytes, so that `corp` still fits
/// a 63-byte label. ASCII letters (in lower case) and digits stay, each run of ASCII spaces and
/// punctuation between them becomes one hyphen, and every other character is dropped.
/// Returns `None` when nothing is left.
fn domain_label(name: &str) -> Option<String> {
    let mut label = String::with_capacity(name.len());
    let mut separator = false;
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            if separator && !label.is_empty() {
                label.push('-');
            }
            separator = false;
            label.push(c.to_ascii_lowercase());
        } else if c.is_ascii() {
            separator = true;
        }
    }
    label.truncate(59);
    let label = label.trim_end_matches('-');
    (!label.is_empty()).then(|| label.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn organisation_names_become_domain_labels() {
        assert_eq!(domain_label("Blue Harbor").as_deref(), Some("blue-harbor"));
        assert_eq!(domain_label("  Ünïcode & Co! ").as_deref(), Some("ncode-co"));
        assert_eq!(domain_label("acme_corp--labs").as_deref(), Some("acme-corp-labs"));
        assert_eq!(domain_label(&"x".repeat(80)).map(|label| label.len()), Some(59));
        assert_eq!(domain_label("Re\u{301}sume\u{301} Corp").as_deref(), Some("resume-corp"));
        assert_eq!(domain_label(" & ! "), None);
        assert_eq!(domain_label("Üßï"), None);

        let config = WorldConfig {
            organisation: Some("Ünïcode & Co!".to_string()),
            ..WorldConfig::default()
        };
        let world = World::new(0, &config).unwrap();
        assert_eq!(world.domain, "ncode-co.example");
        let config = WorldConfig {
            organisation: Some(" & ".to_string()),
            ..WorldConfig::default()
        };
        let err = World::new(0, &config).unwrap_err().to_string();
        assert!(err.contains("no ASCII letter or digit"), "{err}");
    }

    #[test]
    fn outside_addresses_are_not_the_organisations() {
        for seed in 0..64 {
            let world = World::new(seed, &WorldConfig::default()).unwrap_or_else(|err| panic!("{err}"));
            assert!(
                world
                    .external_addresses
                    .iter()
                    .all(|address| !world.nat_addresses.contains(address)),
                "seed {seed}"
            );
        }
    }

    #[test]
    fn zones_follow_subnets() {
        let world = World::new(3, &WorldConfig::default()).unwrap();
        let dmz = world
            .subnets
            .iter()
            .find(|subnet| subnet.name == "dmz")
            .expect("8 subnets include the dmz");
        for host in &world.hosts {
            assert_eq!(world.zone_of(host.ip), Zone::Inside, "{} {}", host.hostname, host.ip);
            let published = world.dmz_address(host.ip);
            assert!(dmz.contains(published), "{published} is outside {}", dmz.network);
            assert_eq!(world.zone_of(published), Zone::Dmz, "{published}");
            assert_eq!(published.octets()[3], host.ip.octets()[3], "the host number stays");
        }
        for address in world.external_addresses.iter().chain(&world.nat_addresses) {
            assert_eq!(world.zone_of(*address), Zone::Outside, "{address}");
        }
        assert_eq!(
            world.zone_of(Ipv4Addr::new(192, 168, 7, 1)),
            Zone::Inside,
            "other private ranges are inside"
        );
    }

    #[test]
    fn world_without_dmz_keeps_server_addresses() {
        let config = WorldConfig {
            subnets: 3,
            ..WorldConfig::default()
        };
        let world = World::new(3, &config).unwrap();
        for host in &world.hosts {
            assert_eq!(world.dmz_address(host.ip), host.ip);
            assert_eq!(world.zone_of(host.ip), Zone::Inside);
        }
    }

    #[test]
    fn same_seed_builds_same_world() {
        let a = World::new(5, &WorldConfig::default()).unwrap();
        let b = World::new(5, &WorldConfig::default()).unwrap();
        assert_eq!(a, b);
        assert_ne!(a, World::new(6, &WorldConfig::default()).unwrap());
    }

    #[test]
    fn defaults_use_reserved_values() {
        let world = World::new(1, &WorldConfig::default()).unwrap();
        assert!(world.external_addresses.iter().all(Ipv4Addr::is_documentation));
        assert!(world.nat_addresses.iter().all(Ipv4Addr::is_documentation));
        assert!(world.hosts.iter().all(|h| h.ip.is_private()));
        assert!(world
            .external_domains
            .iter()
            .all(|d| RESERVED_SUFFIXES.iter().any(|s| d.ends_with(s))));
        assert!(world.users.iter().all(|u| u.email.ends_with(".example")));
    }

    #[test]
    fn realistic_values_avoid_reserved_ranges() {
        let config = WorldConfig {
            realistic_public_values: true,
            ..WorldConfig::default()
        };
        let world = World::new(1, &config).unwrap();
        assert!(world.external_addresses.iter().all(|a| !a.is_private() && !a.is_documentation()));
    }

    #[test]
    fn usernames_are_unique() {
        let config = WorldConfig {
            users: 3000,
            ..WorldConfig::default()
        };
        let world = World::new(2, &config).unwrap();
        let names: std::collections::BTreeSet<_> = world.users.iter().map(|u| &u.username).collect();
        assert_eq!(names.len(), 3000);
    }

    #[test]
    fn zero_users_is_rejected() {
        let config = WorldConfig {
            users: 0,
            ..WorldConfig::default()
        };
        assert_eq!(World::new(0, &config).unwrap_err().code(), "invalid_argument");
    }
}
