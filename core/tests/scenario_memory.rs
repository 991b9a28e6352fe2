//! A scenario run streams: its heap use stays flat however many events it produces.
//!
//! This file is its own test binary, so the counting allocator below sees only this test.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

use siemulator::scenario::Scenario;

/// Wraps the system allocator and records the live and peak heap bytes.
struct CountingAllocator;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every call is forwarded unchanged to `System`; the counters only observe sizes.
unsafe impl GlobalAlloc for CountingAllocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let pointer = unsafe { System.alloc(layout) };
        if !pointer.is_null() {
            let live = LIVE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(live, Ordering::Relaxed);
        }
        pointer
    }

    unsafe fn dealloc(&self, pointer: *mut u8, layout: Layout) {
        unsafe { System.dealloc(pointer, layout) };
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
    }
}

#[global_allocator]
static ALLOCATOR: CountingAllocator = CountingAllocator;

#[test]
fn million_event_run_keeps_memory_flat() {
    let spec = serde_json::json!({
        "name": "memory",
        "duration": "1000s",
        "background": [{"source": "linux_auth", "rate": 1000, "profile": "jittered"}],
        "phases": [{"name": "burst", "tactic": "credential-access", "technique": "T1110.001", "offset": "10s",
                    "steps": [{"source": "linux_auth", "variant": "ssh_failed_password", "count": 5000, "spread": "900s"}]}]
    });
    let scenario = Scenario::from_value(spec).unwrap();
    let mut events = scenario.events(None, None).unwrap();
    assert_eq!(events.total(), 1_005_000);

    // Warm up so every reusable buffer has reached its working size.
    let mut bytes = 0u64;
    for event in events.by_ref().take(10_000) {
        bytes += event.raw.len() as u64;
    }
    let baseline = LIVE.load(Ordering::Relaxed);
    PEAK.store(baseline, Ordering::Relaxed);

    let mut count = 10_000u64;
    for event in events.by_ref() {
        bytes += event.raw.len() as u64;
        count += 1;
    }
    let growth = PEAK.load(Ordering::Relaxed).saturating_sub(baseline);
    assert_eq!(count, 1_005_000);
    assert!(bytes > 1_005_000 * 60, "{bytes} bytes of raw text");
    // The events themselves are about 100 MB of text; the run may grow by a few buffers only.
    assert!(growth < 256 * 1024, "the heap grew by {growth} bytes during the run");
}
