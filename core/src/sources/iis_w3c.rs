//! Microsoft IIS 10 access logs in the W3C extended log format, with IIS's default field set
//! `date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip
//! cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken`.
//! Vendor documentation:
//! <https://learn.microsoft.com/en-us/windows/win32/http/http-log-field--constants>.
//!
//! Header lines: IIS writes `#Software`, `#Version`, `#Date` and `#Fields` when it opens a log
//! file. Event 0 of a generated stream starts with those four lines, as if IIS opened a new
//! file for the first request, and every later event is one bare entry. That keeps event N
//! computable alone, because no event depends on the time of the one before it. The header
//! values are fields of event 0 (`#Software`, `#Version`, `#Date`, `#Fields`), and the reader
//! reports the directives of a header with every entry under it. Entries are written in the
//! column order of the `#Fields` field when event 0 carries one.
//!
//! NOTE: a stream that crosses UTC midnight does not repeat the header the way IIS's daily
//! log rollover does.
//!
//! Values keep IIS's own text: `-` for an empty value and `+` for spaces in the user agent.
//! The reader takes the columns from the latest `#Fields` line. Without a header it reads the
//! default field set, or else the first of a few commonly logged field sets whose value count
//! and value shapes fit the entry. Those sets add X-Forwarded-For, the Host header or byte
//! counts to the default set, or list every standard field.

use serde_json::Value;

use super::{Framing, GenContext, ParseOptions, ParseState, Parsed, Source, SourceMeta, Variant, WireFormat};
use crate::field_map::FieldMap;
use crate::error::ParseError;
use crate::fields::Fields;
use crate::format::w3c;
use crate::ocsf::{self, class, Object, RecordBuilder};
use crate::seed::EventRng;
use crate::timestamp::parse_rfc3339;
use crate::world::{Host, HostRole, World};

/// The `iis_w3c` source.
pub struct IisW3c;

const fn w3c(name: &'static str, weight: u32, description: &'static str) -> Variant {
    Variant {
        name,
        weight,
        format: WireFormat::W3c,
        description,
    }
}

const VARIANTS: &[Variant] = &[
    w3c("page_get", 45, "GET of a dynamic page, some by Windows-authenticated intranet users"),
    w3c("static_asset", 35, "GET of a style sheet, script, image or font, answered 200 or 304"),
    w3c("login_post", 6, "POST of the login form, answered 302 on success or 200 when the form is shown again"),
    w3c("not_found_scan", 5, "a scanner probing for well-known paths, answered 404"),
    w3c("server_error", 3, "a request that failed with 500 after a long processing time"),
    w3c("webshell", 1, "requests to an ASPX web shell dropped under an upload folder"),
];

const PAGE_GET: usize = 0;
const STATIC_ASSET: usize = 1;
const LOGIN_POST: usize = 2;
const NOT_FOUND_SCAN: usize = 3;
const SERVER_ERROR: usize = 4;
const WEBSHELL: usize = 5;

static META: SourceMeta = SourceMeta {
    id: "iis_w3c",
    aliases: &[],
    vendor: "Microsoft",
    product: "Internet Information Services",
    category: "infrastructure",
    formats: &[WireFormat::W3c],
    sourcetype: "ms:iis:auto",
    ocsf_classes: &[class::HTTP_ACTIVITY],
    doc_url: "https://learn.microsoft.com/en-us/windows/win32/http/http-log-field--constants",
    versions: "IIS 8.5 and 10 W3C logging, default field set; any #Fields layout is read",
    known_gaps: &[
        "Generated streams carry the header once, at event 0, and do not roll over at UTC midnight",
        "Custom fields (enhanced logging of request headers such as X-Forwarded-For) are read as plain columns but not generated",
        "IIS central binary logging and the IIS and NCSA log formats are not read",
    ],
    variants: VARIANTS,
    framing: Framing::Lines,
    host_fields: &["s-computername", "s-ip"],
};

/// IIS's default `#Fields`, in the order IIS writes them.
const DEFAULT_COLUMNS: &[&str] = &[
    "date",
    "time",
    "s-ip",
    "cs-method",
    "cs-uri-stem",
    "cs-uri-query",
    "s-port",
    "cs-username",
    "c-ip",
    "cs(User-Agent)",
    "cs(Referer)",
    "sc-status",
    "sc-substatus",
    "sc-win32-status",
    "time-taken",
];

/// Column sets that IIS sites commonly log, tried in order on an entry read without a
/// `#Fields` header whose value count is not that of [`DEFAULT_COLUMNS`]. An entry takes the
/// first set with its value count whose values all fit their columns.
const HEADERLESS_LAYOUTS: &[&[&str]] = &[
    // The default set with X-Forwarded-For logged as a custom field.
    &[
        "date", "time", "s-ip", "cs-method", "cs-uri-stem", "cs-uri-query", "s-port", "cs-username", "c-ip", "cs(User-Agent)",
        "cs(Referer)", "sc-status", "sc-substatus", "sc-win32-status", "time-taken", "X-Forwarded-For",
    ],
    // The default set with the Host header.
    &[
        "date", "time", "s-ip", "cs-method", "cs-uri-stem", "cs-uri-query", "s-port", "cs-username", "c-ip", "cs(User-Agent)",
        "cs(Referer)", "cs-host", "sc-status", "sc-substatus", "sc-win32-status", "time-taken",
    ],
    // The default set with the bytes sent and received.
    &[
        "date", "time", "s-ip", "cs-method", "cs-uri-stem", "cs-uri-query", "s-port", "cs-username", "c-ip", "cs(User-Agent)",
        "cs(Referer)", "sc-status", "sc-substatus", "sc-win32-status", "sc-bytes", "cs-bytes", "time-taken",
    ],
    // The same with X-Forwarded-For.
    &[
        "date", "time", "s-ip", "cs-method", "cs-uri-stem", "cs-uri-query", "s-port", "cs-username", "c-ip", "cs(User-Agent)",
        "cs(Referer)", "sc-status", "sc-substatus", "sc-win32-status", "sc-bytes", "cs-bytes", "time-taken", "X-Forwarded-For",
    ],
    // Every standard W3C field, in the order IIS Manager lists them.
    &[
        "date", "time", "s-sitename", "s-computername", "s-ip", "cs-method", "cs-uri-stem", "cs-uri-query", "s-port",
        "cs-username", "c-ip", "cs-version", "cs(User-Agent)", "cs(Cookie)", "cs(Referer)", "cs-host", "sc-status",
        "sc-substatus", "sc-win32-status", "sc-bytes", "cs-bytes", "time-taken",
    ],
    // The same with X-Forwarded-For.
    &[
        "date", "time", "s-sitename", "s-computername", "s-ip", "cs-method", "cs-uri-stem", "cs-uri-query", "s-port",
        "cs-username", "c-ip", "cs-version", "cs(User-Agent)", "cs(Cookie)", "cs(Referer)", "cs-host", "sc-status",
        "sc-substatus", "sc-win32-status", "sc-bytes", "cs-bytes", "time-taken", "X-Forwarded-For",
    ],
];

/// Columns whose values are numbers.
const NUMERIC_COLUMNS: &[&str] = &["s-port", "c-port", "sc-status", "sc-substatus", "sc-win32-status", "time-taken", "sc-bytes", "cs-bytes"];

/// Directives in the order IIS writes them at the top of a file.
const HEADER: &[&str] = &["#Software", "#Version", "#Date", "#Fields"];

const BROWSERS: &[&str] = &[
    "Mozilla/5.0+(Windows+NT+10.0;+Win64;+x64)+AppleWebKit/537.36+(KHTML,+like+Gecko)+Chrome/124.0.0.0+Safari/537.36",
    "Mozilla/5.0+(Windows+NT+10.0;+Win64;+x64)+AppleWebKit/537.36+(KHTML,+like+Gecko)+Chrome/124.0.0.0+Safari/537.36+Edg/124.0.2478.80",
    "Mozilla/5.0+(Windows+NT+10.0;+Win64;+x64;+rv:125.0)+Gecko/20100101+Firefox/125.0",
    "Mozilla/5.0+(Macintosh;+Intel+Mac+OS+X+10_15_7)+AppleWebKit/605.1.15+(KHTML,+like+Gecko)+Version/17.4+Safari/605.1.15",
    "Mozilla/5.0+(iPhone;+CPU+iPhone+OS+17_4+like+Mac+OS+X)+AppleWebKit/605.1.15+(KHTML,+like+Gecko)+Version/17.4+Mobile/15E148+Safari/604.1",
];
const SCANNERS: &[&str] = &["python-requests/2.31.0", "Go-http-client/1.1", "curl/8.5.0", "Mozilla/5.0+zgrab/0.x"];

/// Dynamic pages with an optional query string.
const PAGES: &[(&str, &str)] = &[
    ("/", "-"),
    ("/default.aspx", "-"),
    ("/products/list.aspx", "category=tools&page=2"),
    ("/products/detail.aspx", "id=4711"),
    ("/search.aspx", "q=invoice+template"),
    ("/account/profile.aspx", "-"),
    ("/api/orders", "status=open"),
    ("/about.aspx", "-"),
];
const ASSETS: &[&str] = &[
    "/css/site.min.css",
    "/js/jquery-3.7.1.min.js",
    "/js/app.bundle.js",
    "/images/logo.svg",
    "/images/banner.jpg",
    "/favicon.ico",
    "/fonts/opensans.woff2",
];
/// Paths scanners probe for, with the Win32 status IIS reports (2 file not found, 3 path
/// not found).
const PROBES: &[(&str, u32)] = &[
    ("/wp-login.php", 2),
    ("/.env", 2),
    ("/phpmyadmin/index.php", 3),
    ("/.git/config", 3),
    ("/admin/config.php", 3),
    ("/vendor/phpunit/phpunit/src/Util/PHP/eval-stdin.php", 3),
    ("/cgi-bin/luci", 3),
];
/// Web shell requests: method, path, query.
const SHELL_REQUESTS: &[(&str, &str, &str)] = &[
    ("POST", "/aspnet_client/system_web/4_0_30319/help.aspx", "-"),
    ("GET", "/uploads/images/cmd.aspx", "c=whoami"),
    ("GET", "/uploads/images/cmd.aspx", "c=ipconfig+%2Fall"),
    ("POST", "/aspnet_client/system_web/4_0_30319/help.aspx", "z=1"),
];
const STATIC_EXTENSIONS: &[&str] = &[".css", ".js", ".png", ".jpg", ".jpeg", ".gif", ".ico", ".svg", ".woff", ".woff2", ".map"];

/// Picks the web server: a Windows server with the WEB role when the world has one.
fn web_server<'w>(world: &'w World, rng: &mut EventRng) -> &'w Host {
    let web = |h: &Host| h.windows && h.role == HostRole::Server && contains_web(&h.hostname);
    if let Some(host) = world.pick_server(rng, web) {
        return host;
    }
    world.pick_server(rng, |h| h.windows).unwrap_or(&world.servers()[0])
}

/// True when `hostname` contains `WEB`. Comparing byte windows costs less than the general
/// substring search of `str::contains` on names this short, and runs for every server of
/// every event.
fn contains_web(hostname: &str) -> bool {
    hostname.as_bytes().windows(3).any(|window| window == b"WEB")
}

/// The `cs(Referer)` of a request.
#[derive(Clone, Copy)]
enum Referer {
    /// No referer, written as `-`.
    None,
    /// The site's home page, `https://www.<domain>/`.
    Home,
    /// The site's default page, `https://www.<domain>/default.aspx`.
    DefaultPage,
}

impl Source for IisW3c {
    fn meta(&self) -> &'static SourceMeta {
        &META
    }

    fn fill(&self, ctx: &mut GenContext<'_>, fields: &mut Fields) {
        let world = ctx.world;
        let server = web_server(world, &mut ctx.rng);
        let time = ctx.time;

        if ctx.index == 0 {
            fields.str("#Software", "Microsoft Internet Information Services 10.0");
            fields.str("#Version", "1.0");
            fields.with("#Date", |out| {
                time.write_date(out, 0);
                out.push(' ');
                time.write_time(out, 0, 0);
            });
            fields.with("#Fields", |out| {
                for (i, column) in DEFAULT_COLUMNS.iter().enumerate() {
                    if i > 0 {
                        out.push(' ');
                    }
                    out.push_str(column);
                }
            });
        }

        // Internal clients reach the intranet pages; the rest of the traffic is external.
        let internal = matches!(ctx.variant, PAGE_GET | STATIC_ASSET | LOGIN_POST) && ctx.rng.chance(400);
        let client = if internal {
            world.workstation_of(ctx.rng.index(world.users.len())).ip
        } else {
            *ctx.rng.pick(&world.external_addresses)
        };
        let browser = ctx.rng.pick_str(BROWSERS);

        let (method, stem, query, status, win32, taken): (&str, &str, &str, i64, i64, u64) = match ctx.variant {
            PAGE_GET => {
                let (stem, query) = *ctx.rng.pick(PAGES);
                ("GET", stem, query, 200, 0, ctx.rng.range(15, 420))
            }
            STATIC_ASSET => {
                let stem = ctx.rng.pick_str(ASSETS);
                let status = if ctx.rng.chance(250) { 304 } else { 200 };
                ("GET", stem, "-", status, 0, ctx.rng.range(0, 31))
            }
            LOGIN_POST => {
                let status = if ctx.rng.chance(750) { 302 } else { 200 };
                let query = if ctx.rng.chance(300) { "ReturnUrl=%2Faccount%2Fprofile.aspx" } else { "-" };
                ("POST", "/account/login.aspx", query, status, 0, ctx.rng.range(80, 650))
            }
            NOT_FOUND_SCAN => {
                let (stem, win32) = *ctx.rng.pick(PROBES);
                ("GET", stem, "-", 404, i64::from(win32), ctx.rng.range(0, 16))
            }
            SERVER_ERROR => {
                let (stem, query) = if ctx.rng.chance(500) { ("/api/orders", "status=open") } else { ("/products/detail.aspx", "id=4711") };
                ("GET", stem, query, 500, 0, ctx.rng.range(1_500, 30_000))
            }
            _ => {
                let (method, stem, query) = *ctx.rng.pick(SHELL_REQUESTS);
                (method, stem, query, 200, 0, ctx.rng.range(20, 3_000))
            }
        };
        let username = if internal && ctx.variant == PAGE_GET && ctx.rng.chance(600) {
            Some(&ctx.rng.pick(&world.users).username)
        } else {
            None
        };
        let user_agent = match ctx.variant {
            NOT_FOUND_SCAN => ctx.rng.pick_str(SCANNERS),
            WEBSHELL if ctx.rng.chance(400) => "-",
            _ => browser,
        };
        let referer = match ctx.variant {
            STATIC_ASSET | LOGIN_POST => Referer::Home,
            PAGE_GET if ctx.rng.chance(600) => Referer::DefaultPage,
            _ => Referer::None,
        };
        let port = if ctx.rng.chance(900) { 443 } else { 80 };

        fields.with("date", |out| time.write_date(out, 0));
        fields.with("time", |out| time.write_time(out, 0, 0));
        fields.ipv4("s-ip", server.ip);
        fields.str("cs-method", method);
        fields.str("cs-uri-stem", stem);
        fields.str("cs-uri-query", query);
        fields.int("s-port", port);
        match username {
            Some(username) => fields.with("cs-username", |out| {
                out.push_str(&world.netbios_domain);
                out.push('\\');
                out.push_str(username);
            }),
            None => fields.str("cs-username", "-"),
        }
        fields.ipv4("c-ip", client);
        fields.str("cs(User-Agent)", user_agent);
        let page = match referer {
            Referer::None => None,
            Referer::Home => Some("/"),
            Referer::DefaultPage => Some("/default.aspx"),
        };
        match page {
            Some(page) => fields.with("cs(Referer)", |out| {
                out.push_str("https://www.");
                out.push_str(&world.domain);
                out.push_str(page);
            }),
            None => fields.str("cs(Referer)", "-"),
        }
        fields.int("sc-status", status);
        fields.int("sc-substatus", 0);
        fields.int("sc-win32-status", win32);
        fields.int("time-taken", taken as i64);
    }

    fn write(&self, _variant: usize, fields: &Fields, out: &mut String) {
        if let Some(layout) = fields.get("#Fields") {
            for directive in HEADER {
                if let Some(value) = fields.get(directive) {
                    w3c::write_directive(out, &directive[1..], value);
                    out.push('\n');
                }
            }
            for (i, column) in layout.split_whitespace().enumerate() {
                if i > 0 {
                    out.push(' ');
                }
                w3c::write_value(out, fields.get(column).unwrap_or("-"));
            }
            return;
        }

        // `fill` writes the default columns in their order, so one walk over the fields finds
        // each value without the full scan per name that `Fields::get` does. A column missing
        // at the walk's position falls back to `Fields::get`. Every field before the position
        // matched an earlier, different column, so a match there is the first field of its name.
        let mut next = fields.iter().peekable();
        for (i, column) in DEFAULT_COLUMNS.iter().enumerate() {
            if i > 0 {
                out.push(' ');
            }
            let value = match next.next_if(|(name, _, _)| same_name(name, column)) {
                Some((_, _, value)) => value,
                None => fields.get(column).unwrap_or("-"),
            };
            w3c::write_value(out, value);
        }
    }

    fn parse_line(&self, line: &str, state: &mut ParseState) -> Result<Option<Parsed>, ParseError> {
        let mut parsed = None;
        let mut offset = 0;
        for physical in line.split('\n') {
            let text = physical.trim_end_matches('\r');
            if let Some(entry) = read_line(text, state).map_err(|err| ParseError::new(err.offset + offset, err.reason))? {
                if parsed.is_some() {
                    return Err(ParseError::new(offset, "more than one log entry in one event; pass entries one line at a time"));
                }
                parsed = Some(entry);
            }
            offset += physical.len() + 1;
        }
        Ok(parsed)
    }

    fn to_ocsf(&self, parsed: &Parsed, options: &ParseOptions) -> Result<Object, ParseError> {
        let fields = &parsed.fields;
        let text = |name: &str| fields.get(name).and_then(Value::as_str).filter(|v| !v.is_empty() && *v != "-");
        let number = |name: &str| fields.get(name).and_then(Value::as_i64);

        // W3C logs may leave out the date and time columns; IIS writes both, in UTC.
        let own_time = match (text("date"), text("time")) {
            (Some(date), Some(clock)) => Some(parse_rfc3339(&format!("{date}T{clock}Z"))?),
            (None, None) => None,
            (Some(_), None) => return Err(ParseError::new(0, "the entry has a date column but no time column")),
            (None, Some(_)) => return Err(ParseError::new(0, "the entry has a time column but no date column")),
        };
        let time = options.event_time(own_time)?;
        let method = text("cs-method").unwrap_or("");
        let activity_id = match method.to_ascii_uppercase().as_str() {
            "CONNECT" => 1,
            "DELETE" => 2,
            "GET" => 3,
            "HEAD" => 4,
            "OPTIONS" => 5,
            "POST" => 6,
            "PUT" => 7,
            "TRACE" => 8,
            "PATCH" => 9,
            _ => 99,
        };

        let mut record = RecordBuilder::new(class::HTTP_ACTIVITY, activity_id, time, &META);
        if let Some(status) = number("sc-status") {
            let success = status < 400;
            record.status(if success { ocsf::status::SUCCESS } else { ocsf::status::FAILURE });
            record.set("status", if success { "Success" } else { "Failure" });
            record.set("http_response.code", status);
            let detail = match (number("sc-substatus"), number("sc-win32-status")) {
                (Some(sub), Some(win32)) => Some(format!("{status}.{sub} win32 {win32}")),
                (Some(sub), None) => Some(format!("{status}.{sub}")),
                _ => None,
            };
            record.set_opt("status_code", detail);
            if status >= 500 {
                record.severity(ocsf::severity::LOW);
            }
        }
        record.set_str("http_request.http_method", Some(method));
        record.set_str("http_request.url.path", text("cs-uri-stem"));
        record.set_str("http_request.url.query_string", text("cs-uri-query"));
        record.set_str("http_request.url.hostname", text("cs-host"));
        record.set_opt("http_request.url.port", number("s-port"));
        if let Some(stem) = text("cs-uri-stem") {
            let scheme = if number("s-port") == Some(443) { "https" } else { "http" };
            let host = match text("cs-host") {
                Some(host) => Some(host.to_string()),
                // A URL writes an IPv6 address in brackets and without its zone.
                None => text("s-ip").map(strip_zone).map(|ip| if ip.contains(':') { format!("[{ip}]") } else { ip.to_string() }),
            };
            let path = match text("cs-uri-query") {
                Some(query) => format!("{stem}?{query}"),
                None => stem.to_string(),
            };
            // Without a host, the URL is the path and query alone.
            let url = match host {
                Some(host) => format!("{scheme}://{host}{path}"),
                None => path,
            };
            record.set("http_request.url.url_string", url);
            record.set("http_request.url.scheme", scheme);
        }
        record.set_opt("http_request.user_agent", text("cs(User-Agent)").map(|agent| agent.replace('+', " ")));
        record.set_str("http_request.referrer", text("cs(Referer)"));
        record.set_str("http_request.version", text("cs-version"));
        // An administrator names a custom field column; `X-Forwarded-For` and
        // `cs(X-Forwarded-For)` are the common names of the forwarded-for header.
        let forwarded: Vec<&str> = text("X-Forwarded-For")
            .or_else(|| text("cs(X-Forwarded-For)"))
            .map(|list| list.split(',').map(|a| strip_zone(a.trim())).filter(|a| a.parse::<std::net::IpAddr>().is_ok()).collect())
            .unwrap_or_default();
        if !forwarded.is_empty() {
            record.set("http_request.x_forwarded_for", Value::from(forwarded));
        }
        record.set_opt("http_request.length", number("cs-bytes"));
        record.set_opt("http_response.length", number("sc-bytes"));
        record.set_opt("traffic.bytes_in", number("cs-bytes"));
        record.set_opt("traffic.bytes_out", number("sc-bytes"));
        record.set_opt("duration", number("time-taken"));

        let valid_ip = |name: &str| text(name).map(strip_zone).filter(|ip| ip.parse::<std::net::IpAddr>().is_ok());
        record.set_str("src_endpoint.ip", valid_ip("c-ip"));
        record.set_str("dst_endpoint.ip", valid_ip("s-ip"));
        record.set_opt("dst_endpoint.port", number("s-port"));
        record.set_str("dst_endpoint.hostname", text("s-computername"));
        if let Some(user) = text("cs-username") {
            match user.split_once('\\') {
                Some((domain, name)) => record.set("actor.user.name", name).set("actor.user.domain", domain),
                None => record.set("actor.user.name", user),
            };
        }
        let device = text("s-computername").or_else(|| valid_ip("s-ip"));
        if let Some(device) = device {
            let key = if text("s-computername").is_some() { "device.hostname" } else { "device.ip" };
            record.set(key, device).set("device.type_id", 1);
        }
        if let Some(software) = text("#Software") {
            record.set("metadata.product.version", software.rsplit(' ').next().unwrap_or(software));
        }
        Ok(record.build())
    }
}

/// Compares two field names, first by address, which matches when the compiler merged the
/// two equal string literals.
fn same_name(a: &str, b: &str) -> bool {
    a.len() == b.len() && (a.as_ptr() == b.as_ptr() || a == b)
}

/// Reads one physical line: a directive updates `state` and yields nothing; an entry yields
/// its fields, with the header read before it.
fn read_line(text: &str, state: &mut ParseState) -> Result<Option<Parsed>, ParseError> {
    if text.trim().is_empty() {
        return Ok(None);
    }
    if let Some(directive) = w3c::parse_directive(text) {
        if directive.name.eq_ignore_ascii_case("Fields") {
            state.columns = Some(w3c::field_names(directive.value));
        }
        // The first directive after an entry starts a new header.
        if state.header.is_empty() {
            state.directives.clear();
        }
        let directive = (format!("#{}", directive.name), directive.value.to_string());
        state.directives.push(directive.clone());
        state.header.push(directive);
        return Ok(None);
    }

    let values = w3c::split_entry(text);
    let default_columns: Vec<String>;
    let columns: &[String] = match &state.columns {
        Some(columns) => columns,
        None => {
            let layout = HEADERLESS_LAYOUTS
                .iter()
                .find(|layout| values.len() != DEFAULT_COLUMNS.len() && fits_layout(layout, &values))
                .copied()
                .unwrap_or(DEFAULT_COLUMNS);
            default_columns = layout.iter().map(|c| c.to_string()).collect();
            &default_columns
        }
    };
    if values.len() != columns.len() {
        return Err(ParseError::new(
            0,
            format!(
                "the entry has {} values but the #Fields header names {} columns; check that the file's header matches its entries",
                values.len(),
                columns.len()
            ),
        ));
    }

    let mut fields = FieldMap::new();
    for (column, value) in columns.iter().zip(values) {
        let typed = if NUMERIC_COLUMNS.contains(&column.as_str()) {
            value.parse::<i64>().map(Value::from).unwrap_or(Value::String(value))
        } else {
            Value::String(value)
        };
        fields.insert(column.clone(), typed);
    }
    check_entry(&fields)?;
    // The entry right after a header reports it, and later entries report its directives too,
    // since they describe every entry of the file.
    if state.header.is_empty() {
        for (name, value) in &state.directives {
            fields.insert(name.clone(), Value::String(value.clone()));
        }
    }
    for (name, value) in state.header.drain(..) {
        fields.insert(name, Value::String(value));
    }
    Ok(Some(Parsed {
        variant: Some(variant_of(&fields)),
        fields,
    }))
}

/// True when `values` has one value for each column of `layout` and every value fits its
/// column: addresses, numbers, a three-digit status, a method and a path where those belong.
fn fits_layout(layout: &[&str], values: &[String]) -> bool {
    let is_number = |value: &str| value.bytes().all(|b| b.is_ascii_digit()) && !value.is_empty();
    let is_address = |value: &str| value == "-" || strip_zone(value).parse::<std::net::IpAddr>().is_ok();
    layout.len() == values.len()
        && layout.iter().zip(values).all(|(column, value)| match *column {
            "date" => value.len() == 10 && value.as_bytes().get(4) == Some(&b'-'),
            "time" => value.len() >= 8 && value.as_bytes().get(2) == Some(&b':'),
            "s-ip" | "c-ip" => is_address(value),
            "X-Forwarded-For" => value.split(',').all(|address| is_address(address.trim())),
            "s-port" | "sc-substatus" | "sc-win32-status" | "sc-bytes" | "cs-bytes" | "time-taken" => is_number(value),
            "sc-status" => value.len() == 3 && is_number(value),
            "cs-method" => value.bytes().all(|b| b.is_ascii_uppercase() || b == b'-') && !value.is_empty(),
            "cs-uri-stem" => value.starts_with('/') || value == "-" || value == "*",
            "cs-version" => value.starts_with("HTTP/") || value == "-",
            "cs-host" => !is_number(value),
            _ => true,
        })
}

/// Returns an IPv6 address without its `%zone` suffix (`fe80::1%3`), which IIS writes for
/// link-local addresses.
fn strip_zone(address: &str) -> &str {
    address.split_once('%').map_or(address, |(address, _)| address)
}

/// Rejects an entry whose date or time column is not a W3C date and time.
fn check_entry(fields: &FieldMap) -> Result<(), ParseError> {
    let date = fields.get("date").and_then(Value::as_str);
    let time = fields.get("time").and_then(Value::as_str);
    if let (Some(date), Some(time)) = (date, time) {
        parse_rfc3339(&format!("{date}T{time}Z"))
            .map_err(|err| ParseError::new(0, format!("invalid date or time column '{date} {time}': {}", err.reason)))?;
    } else if date.is_some() || time.is_some() {
        return Err(ParseError::new(0, "the entry has a date or a time column but not both"));
    }
    Ok(())
}

/// Classifies an entry into the generated variants by status, method and path.
fn variant_of(fields: &FieldMap) -> &'static str {
    let status = fields.get("sc-status").and_then(Value::as_i64).unwrap_or(0);
    let method = fields.get("cs-method").and_then(Value::as_str).unwrap_or("");
    let stem = fields.get("cs-uri-stem").and_then(Value::as_str).unwrap_or("").to_ascii_lowercase();
    let query = fields.get("cs-uri-query").and_then(Value::as_str).unwrap_or("");
    let shell_path = stem.ends_with(".aspx") && (stem.contains("/aspnet_client/") || stem.contains("/uploads/"));
    if status == 404 {
        "not_found_scan"
    } else if status >= 500 {
        "server_error"
    } else if shell_path || query.starts_with("c=") || query.starts_with("cmd=") {
        "webshell"
    } else if method.eq_ignore_ascii_case("POST") && (stem.contains("login") || stem.contains("signin")) {
        "login_post"
    } else if STATIC_EXTENSIONS.iter().any(|ext| stem.ends_with(ext)) {
        "static_asset"
    } else {
        "page_get"
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sources::testing;

    #[test]
    fn round_trip_every_variant() {
        assert_eq!(testing::assert_round_trip(&IisW3c, 0..200), 200 * META.variants.len());
    }

    #[test]
    fn event_zero_carries_the_header() {
        let request = crate::generate::GenerateRequest::new(META.id, 3);
        let events: Vec<_> = crate::generate::Generator::new(&request).unwrap().collect();
        let lines: Vec<&str> = events[0].raw.lines().collect();
        assert_eq!(lines.len(), 5);
        assert_eq!(lines[0], "#Software: Microsoft Internet Information Services 10.0");
        assert_eq!(lines[1], "#Version: 1.0");
        assert!(lines[2].starts_with("#Date: 2026-01-05 09:00:00"));
        assert_eq!(lines[3], format!("#Fields: {}", DEFAULT_COLUMNS.join(" ")));
        assert!(!events[1].raw.contains('#'));
        assert!(!events[2].raw.contains('\n'));
    }

    #[test]
    fn header_describes_every_entry_under_it() {
        let text = "#Software: Microsoft Internet Information Services 10.0\n#Version: 1.0\n#Date: 2026-03-02 00:00:01\n\
                    #Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken\n\
                    2026-03-02 00:00:01 10.0.5.20 GET /default.aspx - 443 - 203.0.113.9 Mozilla/5.0+(Windows+NT+10.0) - 200 0 0 31\n\
                    2026-03-02 00:00:02 10.0.5.20 GET /css/site.css - 443 - 203.0.113.9 Mozilla/5.0+(Windows+NT+10.0) https://www.example.com/ 304 0 0 0\n\
                    #Software: Microsoft Internet Information Services 8.5\n\
                    #Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken\n\
                    2026-03-02 00:00:03 10.0.5.20 GET /default.aspx - 443 - 203.0.113.9 Mozilla/5.0+(Windows+NT+10.0) - 200 0 0 31\n";
        let records = testing::assert_parses(META.id, text);
        assert_eq!(records.len(), 3);
        assert_eq!(records[0].parsed.fields["#Version"], "1.0");
        assert_eq!(records[1].parsed.fields["#Version"], "1.0");
        assert_eq!(records[0].ocsf["metadata"]["product"]["version"], "10.0");
        assert_eq!(records[1].ocsf["metadata"]["product"]["version"], "10.0");
        assert_eq!(records[1].parsed.variant, Some("static_asset"));
        // A new header replaces the directives of the one before it.
        assert_eq!(records[2].ocsf["metadata"]["product"]["version"], "8.5");
        assert!(!records[2].parsed.fields.contains_key("#Version"));
    }

    #[test]
    fn url_without_host_is_path_alone() {
        let text = "#Fields: date time cs-method cs-uri-stem cs-uri-query c-ip sc-status\n\
                    2026-03-02 00:00:01 GET /a.txt x=1 203.0.113.9 200\n";
        let records = testing::assert_parses(META.id, text);
        assert_eq!(records[0].ocsf["http_request"]["url"]["url_string"], "/a.txt?x=1");
    }

    /// Entries written from the IIS documentation's field descriptions, one per situation,
    /// with the header each file had, the variant and the OCSF activity expected.
    const TABLE: &[(&str, &str, &str, u64)] = &[
        (
            "default fields, anonymous page view",
            "2026-03-02 10:15:01 10.20.1.15 GET /products/detail.aspx id=88 443 - 198.51.100.40 Mozilla/5.0+(Windows+NT+10.0;+Win64;+x64)+AppleWebKit/537.36+(KHTML,+like+Gecko)+Chrome/124.0.0.0+Safari/537.36 https://shop.example.com/products/list.aspx 200 0 0 125",
            "page_get",
            3,
        ),
        (
            "default fields, Windows-authenticated intranet user",
            "2026-03-02 10:15:02 10.20.1.15 GET /hr/timesheet.aspx - 80 CORP\\a.lindqvist 10.20.8.77 Mozilla/5.0+(Windows+NT+10.0;+Win64;+x64;+rv:125.0)+Gecko/20100101+Firefox/125.0 - 200 0 0 64",
            "page_get",
            3,
        ),
        (
            "default fields, failed login re-renders the form",
            "2026-03-02 10:15:03 10.20.1.15 POST /Account/Login.aspx ReturnUrl=%2F 443 - 198.51.100.41 Mozilla/5.0+(X11;+Linux+x86_64) https://shop.example.com/Account/Login.aspx 200 0 0 412",
            "login_post",
            6,
        ),
        (
            "default fields, scanner 404 with path not found",
            "2026-03-02 10:15:04 10.20.1.15 GET /phpmyadmin/index.php - 443 - 192.0.2.200 python-requests/2.31.0 - 404 0 3 2",
            "not_found_scan",
            3,
        ),
        (
            "default fields, 500 after a timeout",
            "2026-03-02 10:15:05 10.20.1.15 GET /api/orders status=open 443 - 198.51.100.42 okhttp/4.12.0 - 500 0 0 29874",
            "server_error",
            3,
        ),
        (
            "default fields, web shell command",
            "2026-03-02 10:15:06 10.20.1.15 GET /uploads/images/cmd.aspx c=net+user 443 - 192.0.2.201 - - 200 0 0 157",
            "webshell",
            3,
        ),
        (
            "default fields, OPTIONS preflight",
            "2026-03-02 10:15:07 10.20.1.15 OPTIONS /api/orders - 443 - 198.51.100.43 Mozilla/5.0+(Macintosh;+Intel+Mac+OS+X+10_15_7) https://app.example.com/ 204 0 0 1",
            "page_get",
            5,
        ),
    ];

    #[test]
    fn hand_written_entries_parse() {
        for (name, line, variant, activity_id) in TABLE {
            let records = testing::assert_parses(META.id, line);
            assert_eq!(records.len(), 1, "{name}");
            assert_eq!(records[0].parsed.variant, Some(*variant), "{name}");
            assert_eq!(records[0].ocsf["activity_id"], *activity_id, "{name}");
        }
        let page = &testing::assert_parses(META.id, TABLE[0].1)[0].ocsf;
        assert_eq!(page["http_request"]["user_agent"], "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36");
        assert_eq!(page["http_request"]["url"]["query_string"], "id=88");
        assert_eq!(page["http_response"]["code"], 200);
        assert_eq!(page["src_endpoint"]["ip"], "198.51.100.40");
        assert_eq!(page["duration"], 125);
        let intranet = &testing::assert_parses(META.id, TABLE[1].1)[0].ocsf;
        assert_eq!(intranet["actor"]["user"]["name"], "a.lindqvist");
        assert_eq!(intranet["actor"]["user"]["domain"], "CORP");
        let error = &testing::assert_parses(META.id, TABLE[4].1)[0].ocsf;
        assert_eq!(error["status_id"], 2);
    }

    #[test]
    fn custom_field_layout_reads_by_header() {
        let text = "#Software: Microsoft Internet Information Services 10.0\n#Version: 1.0\n#Date: 2026-03-02 11:00:00\n\
                    #Fields: date time s-sitename s-computername s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs-version cs(User-Agent) cs(Cookie) cs(Referer) cs-host sc-status sc-substatus sc-win32-status sc-bytes cs-bytes time-taken\n\
                    2026-03-02 11:00:00 W3SVC1 WEB01 10.20.1.15 GET /index.html - 80 - 198.51.100.9 HTTP/1.1 Mozilla/5.0+(X11) ASP.NET_SessionId=abc - www.example.com 200 0 0 5120 410 12\n";
        let records = testing::assert_parses(META.id, text);
        let ocsf = &records[0].ocsf;
        assert_eq!(records[0].parsed.fields["sc-bytes"], 5120);
        assert_eq!(ocsf["http_request"]["url"]["hostname"], "www.example.com");
        assert_eq!(ocsf["http_request"]["version"], "HTTP/1.1");
        assert_eq!(ocsf["traffic"]["bytes_out"], 5120);
        assert_eq!(ocsf["device"]["hostname"], "WEB01");
    }

    #[test]
    fn headerless_entries_of_common_layouts_parse() {
        // Intent, entry, client address, X-Forwarded-For list and Host header.
        type Case<'a> = (&'a str, &'a str, &'a str, &'a [&'a str], Option<&'a str>);
        let cases: &[Case] = &[
            (
                "default set with X-Forwarded-For",
                "2025-04-01 06:12:09 10.30.2.7 GET /portal/home.aspx - 443 - 10.30.9.1 Mozilla/5.0+(X11) - 200 0 0 31 203.0.113.81,10.30.9.1",
                "10.30.9.1",
                &["203.0.113.81", "10.30.9.1"],
                None,
            ),
            (
                "default set with the Host header",
                "2025-04-01 06:12:10 10.30.2.7 POST /api/v1/orders - 443 - 198.51.100.72 okhttp/4.12.0 - shop.corp.example 201 0 0 87",
                "198.51.100.72",
                &[],
                Some("shop.corp.example"),
            ),
            (
                "every standard field and X-Forwarded-For, link-local client",
                "2025-04-01 06:12:11 W3SVC3 WEB07 fe80::5c1:22ff:fe10:9a3b%7 GET /status - 80 - fe80::8a2:1eff:fe44:1c0d%7 HTTP/1.1 \
                 curl/8.6.0 - - intranet.corp.example 200 0 0 512 96 3 192.0.2.14",
                "fe80::8a2:1eff:fe44:1c0d",
                &["192.0.2.14"],
                Some("intranet.corp.example"),
            ),
        ];
        for (intent, entry, client, forwarded, host) in cases {
            let records = testing::assert_parses(META.id, entry);
            let ocsf = &records[0].ocsf;
            assert_eq!(ocsf["src_endpoint"]["ip"], *client, "{intent}");
            let expected_forwarded = (!forwarded.is_empty()).then(|| serde_json::json!(forwarded));
            assert_eq!(ocsf["http_request"].get("x_forwarded_for").map(crate::ocsf::Node::to_value), expected_forwarded, "{intent}");
            assert_eq!(ocsf["http_request"]["url"].get("hostname").and_then(crate::ocsf::Node::as_str), *host, "{intent}");
            let problems = testing::ocsf_problems(ocsf);
            assert!(problems.is_empty(), "{intent}: {problems:?}");
        }
    }

    #[test]
    fn ipv6_server_address_is_bracketed_in_url() {
        let entry = "2025-04-01 06:12:12 fe80::5c1:22ff:fe10:9a3b%7 GET /health - 80 - fe80::8a2:1eff:fe44:1c0d%7 kube-probe/1.29 - 200 0 0 1";
        let records = testing::assert_parses(META.id, entry);
        assert_eq!(records[0].ocsf["http_request"]["url"]["url_string"], "http://[fe80::5c1:22ff:fe10:9a3b]/health");
        assert_eq!(records[0].ocsf["dst_endpoint"]["ip"], "fe80::5c1:22ff:fe10:9a3b");
    }

    #[test]
    fn entry_without_date_and_time_takes_received_time() {
        let text = "#Fields: s-ip cs-method cs-uri-stem sc-status c-ip\n10.0.0.1 GET /index.html 200 10.0.0.9\n";
        let err = testing::assert_rejected(META.id, text);
        assert!(err.reason.contains("received time"), "{err}");

        let records = testing::assert_parses_with(META.id, text, testing::received_at_start());
        assert_eq!(records[0].ocsf["time"], crate::generate::default_start().millis());
        assert_eq!(records[0].ocsf["http_response"]["code"], 200);
    }

    #[test]
    fn malformed_entries_are_rejected() {
        let cases: &[(&str, &str)] = &[
            ("too few columns", "2026-03-02 10:15:01 10.20.1.15 GET / - 443"),
            ("too many columns", "2026-03-02 10:15:01 10.20.1.15 GET / - 443 - 198.51.100.40 UA - 200 0 0 125 extra"),
            ("bad date", "2026-13-02 10:15:01 10.20.1.15 GET / - 443 - 198.51.100.40 UA - 200 0 0 125"),
            ("not a time", "2026-03-02 tenfifteen 10.20.1.15 GET / - 443 - 198.51.100.40 UA - 200 0 0 125"),
            ("header names fewer columns", "#Fields: date time cs-method\n2026-03-02 10:15:01 GET /"),
        ];
        for (name, text) in cases {
            let err = testing::assert_rejected(META.id, text);
            assert!(!err.reason.is_empty(), "{name}");
        }
    }

    #[test]
    fn corpus_samples_parse() {
        // The public corpus holds no IIS sample today; any file added under these names runs.
        let samples = testing::corpus_folder("iis", ".log");
        if samples.is_empty() {
            println!("no IIS samples in the corpus; skipping");
            return;
        }
        let (passed, total) = testing::corpus_pass_rate(META.id, &samples);
        assert_eq!(passed, total);
    }
}
