//! OCSF File System Activity for the object access audit events of files and folders:
//! 4656 (a handle was requested), 4663 (an access was attempted), 4660 (an object was
//! deleted) and 4670 (permissions were changed). The access mask gives the activity. Events
//! of other object types (registry keys, directory service objects) keep the Base Event
//! mapping. Reference:
//! <https://learn.microsoft.com/en-us/windows/security/threat-protection/auditing/event-4663>.

use super::actors;
use super::ocsf::{basename, keywords, parse_number, View, AUDIT_FAILURE};
use crate::ocsf::{self, class, RecordBuilder};
use crate::sources::SourceMeta;
use crate::timestamp::Timestamp;

/// Access rights of the file access mask, strongest first, with the File System Activity
/// each one records.
const ACCESS_ACTIVITIES: &[(i64, u32)] = &[
    (0x10000, 4),  // DELETE: Delete
    (0x40000, 7),  // WRITE_DAC: Set Security
    (0x80000, 7),  // WRITE_OWNER: Set Security
    (0x2, 3),      // WriteData: Update
    (0x4, 3),      // AppendData: Update
    (0x100, 6),    // WriteAttributes: Set Attributes
    (0x10, 6),     // WriteEA: Set Attributes
    (0x1, 2),      // ReadData: Read
    (0x20, 2),     // Execute: Read
    (0x80, 8),     // ReadAttributes: Get Attributes
    (0x8, 8),      // ReadEA: Get Attributes
    (0x20000, 9),  // READ_CONTROL: Get Security
];

/// True when the event is an object access audit of a file or folder that this module maps.
pub(super) fn is_file_access(view: &View<'_>, id: i64) -> bool {
    let file_object = view.data("ObjectType").is_some_and(|kind| kind.eq_ignore_ascii_case("File"));
    match id {
        4656 | 4663 | 4670 => file_object && view.data("ObjectName").is_some(),
        // 4660 names no object: the preceding 4656 or 4663 with the same HandleId did.
        4660 => file_object,
        _ => false,
    }
}

/// Maps a file object access event to File System Activity.
pub(super) fn file_access(view: &View<'_>, id: i64, time: Timestamp, meta: &SourceMeta) -> RecordBuilder {
    let activity_id = match id {
        4660 => 4,
        4670 => 7,
        _ => view.data("AccessMask").and_then(parse_number).map_or(99, activity_of_mask),
    };
    let mut record = RecordBuilder::new(class::FILE_ACTIVITY, activity_id, time, meta);
    // Windows writes 4656 and 4663 on success and on failure, and the audit keyword shows which.
    let failed = view.get("Keywords").and_then(keywords).is_some_and(|keywords| keywords & AUDIT_FAILURE != 0)
        || view.get("RenderingInfo.EventType").is_some_and(|kind| kind.to_ascii_uppercase().contains("FAILURE"));
    record.status(if failed { ocsf::status::FAILURE } else { ocsf::status::SUCCESS });

    let path = view.data("ObjectName").unwrap_or("unknown");
    record.set("file.name", basename(path));
    record.set("file.path", path);
    // The File object type covers folders too, and the event does not show which it is.
    record.set("file.type_id", 0).set("file.type", "Unknown");
    if id == 4660 {
        record.set("file.is_deleted", true);
    }
    if let Some(mask) = view.data("AccessMask").and_then(parse_number) {
        record.set("access_mask", mask);
    }

    if let Some(subject) = actors::subject(view) {
        subject.set(&mut record, "actor.user");
    }
    record.set_str("actor.session.uid", view.data("SubjectLogonId"));
    let pid = view.data("ProcessId").and_then(parse_number);
    if let Some(pid) = pid {
        let image = view.data("ProcessName");
        record.set("actor.process.pid", pid);
        record.set_str("actor.process.path", image);
        record.set_opt("actor.process.name", image.map(basename));
    }
    record
}

/// Returns the File System Activity of the strongest right in an access mask, or Other.
fn activity_of_mask(mask: i64) -> u32 {
    ACCESS_ACTIVITIES
        .iter()
        .find(|(right, _)| mask & right != 0)
        .map_or(99, |(_, activity)| *activity)
}
