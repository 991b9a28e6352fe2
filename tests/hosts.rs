//! The `host` that exported events are attributed to: the reporting device a source names
//! in `SourceMeta::host_fields`, or the source id for cloud services that name none.

use siemulator::generate::{GenerateRequest, Generator};
use siemulator::sources;

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
