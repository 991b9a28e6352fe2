//! OCSF Script Activity for PowerShell script block logging (event 4104 of
//! `Microsoft-Windows-PowerShell/Operational`) and Windows Service Activity for service
//! installations: event 7045 of the Service Control Manager in the System log and Security
//! event 4697. References:
//! <https://learn.microsoft.com/en-us/powershell/module/microsoft.powershell.core/about/about_logging_windows>,
//! <https://learn.microsoft.com/en-us/windows/security/threat-protection/auditing/event-4697>.

use super::actors;
use super::ocsf::{basename, View};
use crate::ocsf::{self, RecordBuilder};
use crate::sources::SourceMeta;
use crate::timestamp::Timestamp;

/// OCSF Script Activity.
const SCRIPT_ACTIVITY: u32 = 1009;
/// OCSF Windows Service Activity, a class of the Windows extension.
const WINDOWS_SERVICE_ACTIVITY: u32 = 201_004;
/// The System Activity category of Script Activity and Windows Service Activity.
const SYSTEM_CATEGORY: u32 = 1;

/// True for a script block logging event: 4104 from a PowerShell provider with its text.
pub(super) fn is_script_block(view: &View<'_>, id: i64) -> bool {
    let provider = view.get("Provider.Name").unwrap_or_default();
    let channel = view.get("Channel").unwrap_or_default();
    id == 4104 && (provider.contains("PowerShell") || channel.contains("PowerShell")) && view.data("ScriptBlockText").is_some()
}

/// Maps a script block that PowerShell compiled to Script Activity (Execute). Long scripts arrive in
/// several events that share `ScriptBlockId` and count `MessageNumber` of `MessageTotal`, so
/// one record contains one part of the text.
pub(super) fn script_block(view: &View<'_>, time: Timestamp, meta: &SourceMeta) -> RecordBuilder {
    let mut record = RecordBuilder::new(SCRIPT_ACTIVITY, 1, time, meta);
    record.status(ocsf::status::SUCCESS);
    // OCSF keeps script text in a long string object: the text, and whether it is whole.
    let parts = view.data("MessageTotal").and_then(|total| total.parse::<u32>().ok()).unwrap_or(1);
    record.set("script.script_content.value", view.data("ScriptBlockText").unwrap_or_default());
    record.set("script.script_content.is_truncated", parts > 1);
    record.set("script.type_id", 2).set("script.type", "PowerShell");
    record.set_str("script.uid", view.data("ScriptBlockId"));
    if let Some(path) = view.data("Path") {
        record.set("script.name", basename(path));
        record.set("script.file.name", basename(path));
        record.set("script.file.path", path);
        record.set("script.file.type_id", 1).set("script.file.type", "Regular File");
    }
    // Warning-level (3) script blocks are those PowerShell found suspicious by itself.
    if view.fields.get("Level").and_then(serde_json::Value::as_i64) == Some(3) {
        record.severity(ocsf::severity::MEDIUM);
    }
    set_actor(view, &mut record, "PowerShell");
    record
}

/// True for a service installation event that names the service.
pub(super) fn is_service_install(view: &View<'_>, id: i64) -> bool {
    let provider = view.get("Provider.Name").unwrap_or_default();
    let installed = match id {
        7045 => provider.contains("Service Control Manager") || view.get("Channel") == Some("System"),
        4697 => true,
        _ => false,
    };
    installed && view.data("ServiceName").is_some() && service_command(view).is_some()
}

/// Returns the program a service runs: `ImagePath` in 7045, `ServiceFileName` in 4697.
fn service_command<'a>(view: &View<'a>) -> Option<&'a str> {
    view.data("ImagePath").or_else(|| view.data("ServiceFileName"))
}

/// Maps an installed service to Windows Service Activity (Create).
pub(super) fn service_install(view: &View<'_>, time: Timestamp, meta: &SourceMeta) -> RecordBuilder {
    let mut record = RecordBuilder::new(WINDOWS_SERVICE_ACTIVITY, 1, time, meta);
    record.set("category_uid", SYSTEM_CATEGORY);
    record.status(ocsf::status::SUCCESS);
    record.set("win_service.name", view.data("ServiceName").unwrap_or("unknown"));
    record.set_str("win_service.cmd_line", service_command(view));
    record.set_str("win_service.service_start_name", view.data("AccountName").or_else(|| view.data("ServiceAccount")));

    // 7045 writes the type and start type as words and 4697 as numbers, so both stay text.
    record.set_str("win_service.service_type", view.data("ServiceType"));
    record.set_str("win_service.service_start_type", view.data("StartType").or_else(|| view.data("ServiceStartType")));
    // A new service that runs a script host or a command shell is a common persistence and
    // lateral movement step.
    let command = service_command(view).unwrap_or_default().to_ascii_lowercase();
    if ["cmd.exe", "cmd /c", "powershell", "%comspec%", "mshta", "rundll32"].iter().any(|needle| command.contains(needle)) {
        record.severity(ocsf::severity::MEDIUM);
    }

    // AccountName of 7045 is the account the service runs as, not who installed it, so the
    // actor is the Subject of 4697 or the user of the event's Security element.
    let installer = actors::subject(view).or_else(|| {
        let user = view.get("Security.UserName").or_else(|| view.get("Security.UserID"))?;
        let mut account = actors::qualified(user);
        if account.uid.is_none() {
            account.uid = view.get("Security.UserID").map(str::to_string);
        }
        Some(account)
    });
    match installer {
        Some(account) => account.set(&mut record, "actor.user"),
        None => {
            record.set("actor.app_name", "Service Control Manager");
        }
    }
    record
}

/// Sets the acting account as `actor.user`, or names `fallback` as the acting application,
/// because the class requires an actor.
fn set_actor(view: &View<'_>, record: &mut RecordBuilder, fallback: &str) {
    match actors::acting_user(view) {
        Some(account) => account.set(record, "actor.user"),
        None => {
            record.set("actor.app_name", fallback);
        }
    }
}
