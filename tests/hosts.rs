//! The `host` that exported events are attributed to: the reporting device a source names
//! in `SourceMeta::host_fields`, else the host of the collecting service that
//! `Source::collector_host` returns, else the source id.

use serde_json::Value;
use siemulator::generate::{GenerateRequest, Generator};
use siemulator::sources;
use siemulator::world::World;

/// Sources whose events take the host of their tenant or service endpoint.
const COLLECTOR_HOSTS: &[&str] = &["aws_cloudtrail", "microsoft_azure_ad_signin", "okta_system_log"];

fn request(source: &str, variant: Option<&str>) -> GenerateRequest {
    GenerateRequest {
        source: source.into(),
        count: Some(300),
        seed: 3,
        variant: variant.map(Into::into),
        ..GenerateRequest::default()
    }
}

#[test]
fn host_fields_name_event_hosts() {
    for source in sources::all() {
        let meta = source.meta();
        let generator = Generator::new(&request(meta.id, None)).unwrap_or_else(|err| panic!("{}: {err}", meta.id));
        let hosts: Vec<String> = generator.map(|event| event.host).collect();
        if COLLECTOR_HOSTS.contains(&meta.id) {
            assert!(hosts.iter().all(|host| host != meta.id), "{}: {:?}", meta.id, &hosts[..3]);
            continue;
        }
        if meta.host_fields.is_empty() {
            assert!(hosts.iter().all(|host| host == meta.id), "{}: {:?}", meta.id, &hosts[..3]);
            continue;
        }
        // Most Falcon stream events are audits of the cloud console, which name no sensor host.
        let named = hosts.iter().filter(|host| *host != meta.id).count();
        let least = if meta.id == "crowdstrike_falcon" {
            hosts.len() / 10
        } else {
            hosts.len()
        };
        assert!(
            named >= least,
            "{}: {named} of {} events name a host; fields {:?}",
            meta.id,
            hosts.len(),
            meta.host_fields
        );
    }
}

#[test]
fn fortigate_host_is_firewall() {
    let mut generator = Generator::new(&request("fortinet_fortigate", Some("utm_webfilter"))).unwrap_or_else(|err| panic!("{err}"));
    for _ in 0..50 {
        let event = generator.next().unwrap_or_else(|| panic!("the stream ended early"));
        let site = generator.fields().get("hostname").map(|value| value.to_string());
        let firewall = generator.fields().get("devname").map(|value| value.to_string());
        assert!(
            site.is_some_and(|site| site != event.host),
            "a web filter event names the site it filtered: {}",
            event.raw
        );
        assert_eq!(Some(event.host), firewall);
    }
}

#[test]
fn cloud_hosts_name_tenant_or_endpoint() {
    let okta_request = request("okta_system_log", None);
    let world = World::new(okta_request.seed, &okta_request.world).unwrap_or_else(|err| panic!("{err}"));

    let okta: Vec<String> = Generator::new(&okta_request)
        .unwrap_or_else(|err| panic!("{err}"))
        .map(|event| event.host)
        .collect();
    assert!(okta.iter().all(|host| *host == world.okta_org), "{:?}", &okta[..3]);

    let entra: Vec<String> = Generator::new(&request("microsoft_azure_ad_signin", None))
        .unwrap_or_else(|err| panic!("{err}"))
        .map(|event| event.host)
        .collect();
    let tenant = format!("{}.onmicrosoft.com", world.organisation);
    assert!(entra.iter().all(|host| *host == tenant), "{:?}", &entra[..3]);

    let mut regions = std::collections::BTreeSet::new();
    for event in Generator::new(&request("aws_cloudtrail", None)).unwrap_or_else(|err| panic!("{err}")) {
        let record: Value = serde_json::from_str(&event.raw).unwrap_or_else(|err| panic!("{err}: {}", event.raw));
        let region = record["awsRegion"]
            .as_str()
            .unwrap_or_else(|| panic!("no awsRegion: {}", event.raw));
        assert_eq!(event.host, format!("cloudtrail.{region}.amazonaws.com"), "{}", event.raw);
        regions.insert(region.to_string());
    }
    assert!(regions.len() > 1, "every event is in {regions:?}");
}
