//! Streaming k-way merge of event streams into one time-ordered stream.
//!
//! The merge keeps the next event of each stream and a binary heap of their sort keys, so its
//! memory grows with the number of streams, never with the number of events. Ties are broken
//! by the stream's position in the list and then by the event index, which makes the merged
//! order a pure function of the inputs.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use crate::event::Event;
use crate::timestamp::Timestamp;

/// Sort key of a stream's next event: (time, stream position, event index).
type Key = Reverse<(Timestamp, usize, u64)>;

/// Merges streams whose events each come in non-decreasing time order.
#[derive(Debug)]
pub(crate) struct Merge<S> {
    streams: Vec<S>,
    heads: Vec<Option<Event>>,
    heap: BinaryHeap<Key>,
}

impl<S: Iterator<Item = Event>> Merge<S> {
    /// Starts the merge, reading the first event of every stream.
    pub(crate) fn new(mut streams: Vec<S>) -> Self {
        let mut heads = Vec::with_capacity(streams.len());
        let mut heap = BinaryHeap::with_capacity(streams.len());
        for (position, stream) in streams.iter_mut().enumerate() {
            let head = stream.next();
            if let Some(event) = &head {
                heap.push(Reverse((event.time, position, event.index)));
            }
            heads.push(head);
        }
        Merge { streams, heads, heap }
    }
}

impl<S: Iterator<Item = Event>> Iterator for Merge<S> {
    type Item = Event;

    fn next(&mut self) -> Option<Event> {
        let Reverse((_, position, _)) = self.heap.pop()?;
        let next = self.streams[position].next();
        if let Some(event) = &next {
            self.heap.push(Reverse((event.time, position, event.index)));
        }
        std::mem::replace(&mut self.heads[position], next)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::event::Labels;

    fn event(seconds: i64, index: u64, raw: &str) -> Event {
        Event {
            time: Timestamp::from_secs(seconds),
            index,
            source: "linux_auth",
            sourcetype: "linux_secure",
            variant: "v",
            host: "h".into(),
            raw: raw.into(),
            labels: Labels::default(),
        }
    }

    #[test]
    fn merge_orders_by_time_then_stream() {
        let first = vec![event(1, 0, "a1"), event(3, 1, "a3"), event(3, 2, "a3b")];
        let second = vec![event(0, 0, "b0"), event(3, 1, "b3"), event(9, 2, "b9")];
        let third: Vec<Event> = Vec::new();
        let merged: Vec<String> = Merge::new(vec![first.into_iter(), second.into_iter(), third.into_iter()])
            .map(|e| e.raw)
            .collect();
        assert_eq!(merged, ["b0", "a1", "a3", "a3b", "b3", "b9"]);
    }

    #[test]
    fn merge_of_no_streams_is_empty() {
        let streams: Vec<std::vec::IntoIter<Event>> = Vec::new();
        assert_eq!(Merge::new(streams).count(), 0);
    }
}
