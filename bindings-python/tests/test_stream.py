"""stream(): lazy iteration, Event attributes, and flat memory."""

import datetime
import itertools
import resource
import sys

import pytest

import siemulator


def test_stream_endless_take_five() -> None:
    stream = siemulator.stream("linux_auth")
    assert stream.remaining is None
    first = list(itertools.islice(stream, 5))
    assert [event.index for event in first] == [0, 1, 2, 3, 4]
    assert [event.raw for event in first] == siemulator.generate("linux_auth", 5)
    assert next(stream).index == 5


def test_stream_is_lazy_far_into_endless_stream() -> None:
    # At the default 10 events per second, event 7 * 10**10 falls in the year 2247, before the
    # last year that event times may have.
    stream = siemulator.stream("linux_auth", offset=7 * 10**10)
    event = next(stream)
    assert event.index == 7 * 10**10
    assert stream.remaining is None


def test_stream_matches_generate() -> None:
    raws = [event.raw for event in siemulator.stream("linux_auth", 300, seed=11)]
    assert raws == siemulator.generate("linux_auth", 300, seed=11)


def test_stream_stops_after_count() -> None:
    stream = siemulator.stream("linux_auth", 3)
    assert stream.remaining == 3
    assert len(list(stream)) == 3
    assert stream.remaining == 0
    with pytest.raises(StopIteration):
        next(stream)


def test_event_attributes() -> None:
    event = next(siemulator.stream("linux_auth", 1, variant="ssh_failed_password", start="2025-06-01T12:30:00.123456789Z"))
    assert event.time == datetime.datetime(2025, 6, 1, 12, 30, 0, 123456, tzinfo=datetime.timezone.utc)
    assert event.time.utcoffset() == datetime.timedelta(0)
    assert event.time_text == "2025-06-01T12:30:00.123456789Z"
    assert event.source == "linux_auth"
    assert event.sourcetype == "linux_secure"
    assert event.variant == "ssh_failed_password"
    assert event.index == 0
    assert event.labels == {"malicious": False}
    assert event.host and event.host in event.raw
    assert "Failed password" in event.raw


def test_event_ocsf_parses_raw() -> None:
    event = next(siemulator.stream("linux_auth", 1, variant="ssh_failed_password", start="2024-02-29T23:00:00Z"))
    record = event.ocsf()
    assert record["class_uid"] == 3002
    assert record["raw_data"] == event.raw
    # The BSD syslog line has no year; ocsf() reads it with the event's own year.
    assert record["time"] == int(event.time.timestamp() * 1000)


def test_event_is_immutable() -> None:
    event = next(siemulator.stream("linux_auth", 1))
    with pytest.raises(AttributeError):
        event.raw = "x"  # type: ignore[misc]


def _peak_rss_bytes() -> int:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024


def test_stream_memory_flat_over_a_million_events() -> None:
    stream = siemulator.stream("linux_auth")
    for _ in itertools.islice(stream, 10_000):
        pass
    before = _peak_rss_bytes()
    count = 0
    for event in itertools.islice(stream, 1_000_000):
        count += 1
    after = _peak_rss_bytes()
    assert count == 1_000_000
    assert event.index == 1_009_999
    # A million events of about 150 bytes would be 150 MB if anything kept them.
    assert after - before < 20 * 1024 * 1024
