"""parse() and parse_line(): OCSF records, error modes and input types."""

import datetime

import pytest

import siemulator

SAMPLE = "<38>Jan  5 09:00:00 web01 sshd[411]: Failed password for root from 198.51.100.7 port 52144 ssh2"


def test_parse_line_returns_ocsf_record() -> None:
    record = siemulator.parse_line("linux_auth", SAMPLE)
    assert record["class_uid"] == 3002
    assert record["type_uid"] == record["class_uid"] * 100 + record["activity_id"]
    assert record["src_endpoint"]["ip"] == "198.51.100.7"
    assert record["raw_data"] == SAMPLE


def test_parse_line_year_option() -> None:
    in_2026 = siemulator.parse_line("linux_auth", SAMPLE)
    in_2020 = siemulator.parse_line("linux_auth", SAMPLE, year=2020)
    assert in_2026["time"] - in_2020["time"] == (6 * 365 + 2) * 86_400_000


def test_parse_line_without_raw() -> None:
    assert "raw_data" not in siemulator.parse_line("linux_auth", SAMPLE, include_raw=False)


def test_parse_round_trip_of_generated_text() -> None:
    events = siemulator.generate("linux_auth", 200, seed=5)
    records = siemulator.parse("linux_auth", "\n".join(events) + "\n")
    assert len(records) == 200
    assert [record["raw_data"] for record in records] == events
    assert {record["class_uid"] for record in records} <= {3001, 3002}


def test_parse_accepts_bytes() -> None:
    text = "\n".join(siemulator.generate("linux_auth", 5))
    assert siemulator.parse("linux_auth", text.encode()) == siemulator.parse("linux_auth", text)


def test_parse_line_accepts_bytes() -> None:
    assert siemulator.parse_line("linux_auth", SAMPLE.encode()) == siemulator.parse_line("linux_auth", SAMPLE)


def test_parse_line_invalid_utf8_as_parse() -> None:
    # Both replace the invalid byte with U+FFFD and then read the line.
    line = SAMPLE.replace("root", "ro\udcffot").encode("utf-8", "surrogateescape")
    assert siemulator.parse_line("linux_auth", line) == siemulator.parse("linux_auth", line)[0]


def test_parse_skips_blank_lines() -> None:
    assert len(siemulator.parse("linux_auth", f"\n\n{SAMPLE}\n\n{SAMPLE}\n")) == 2


def test_parse_reads_json_envelope() -> None:
    text = '{"records": [{"message": "%s"}, {"message": "%s"}]}' % (SAMPLE, SAMPLE)
    assert len(siemulator.parse("linux_auth", text)) == 2


def test_parse_collect_returns_records_and_errors() -> None:
    text = "\n".join([SAMPLE, "garbage one", SAMPLE, "garbage two"])
    records, errors = siemulator.parse("linux_auth", text, errors="collect")
    assert len(records) == 2
    assert [error.line for error in errors] == [2, 4]
    assert all(isinstance(error, siemulator.ParseError) for error in errors)
    assert all(error.code == "parse_error" for error in errors)


def test_parse_raise_stops_at_first_error() -> None:
    with pytest.raises(siemulator.ParseError) as caught:
        siemulator.parse("linux_auth", "\n".join([SAMPLE, "garbage one", "garbage two"]))
    assert caught.value.line == 2


def test_parse_unknown_errors_mode() -> None:
    with pytest.raises(siemulator.InvalidArgumentError) as caught:
        siemulator.parse("linux_auth", SAMPLE, errors="ignore")  # type: ignore[call-overload]
    assert caught.value.argument == "errors"


def test_parse_rejects_other_types() -> None:
    with pytest.raises(TypeError):
        siemulator.parse("linux_auth", 42)  # type: ignore[call-overload]
    with pytest.raises(TypeError, match="line must be str or bytes"):
        siemulator.parse_line("linux_auth", 42)  # type: ignore[arg-type]


def test_parse_unknown_source() -> None:
    with pytest.raises(siemulator.UnknownSourceError):
        siemulator.parse("nope", SAMPLE)
    with pytest.raises(siemulator.UnknownSourceError):
        siemulator.parse_line("nope", SAMPLE)


def test_parse_garbage_never_crashes() -> None:
    inputs = ["", "\x00\x01\x02", "{", "[[[[[[[[", "<Event>", "<999>", "\ud7ff" * 100, "{" * 10_000, '{"a":' * 500]
    for text in inputs:
        records, errors = siemulator.parse("linux_auth", text, errors="collect")
        assert isinstance(records, list)
        assert isinstance(errors, list)


def test_bare_message_takes_received_time() -> None:
    line = " Accepted publickey for ubuntu from 192.0.2.4 port 51826 ssh2: RSA SHA256:abc"
    with pytest.raises(siemulator.ParseError):
        siemulator.parse_line("linux_auth", line)
    record = siemulator.parse_line("linux_auth", line, received_time="2026-03-01T00:00:00Z")
    assert record["time"] == 1772323200000
    records = siemulator.parse("linux_auth", line, received_time=datetime.datetime(2026, 3, 1, tzinfo=datetime.timezone.utc))
    assert records[0]["time"] == 1772323200000


ZONED = "<38>2026-01-05T09:00:00Z web01 sshd[411]: Failed password for root from 198.51.100.7 port 52144 ssh2"
WALL_CLOCK_MILLIS = 1767603600000  # 2026-01-05T09:00:00Z
TWO_HOURS_MILLIS = 2 * 3600 * 1000


@pytest.mark.parametrize(
    "utc_offset",
    [datetime.timedelta(hours=2), 120, "+02:00", "+0200"],
    ids=["timedelta", "minutes", "colon", "no-colon"],
)
def test_utc_offset_shifts_zoneless_time(utc_offset: "datetime.timedelta | int | str") -> None:
    record = siemulator.parse_line("linux_auth", SAMPLE, year=2026, utc_offset=utc_offset)
    assert record["time"] == WALL_CLOCK_MILLIS - TWO_HOURS_MILLIS
    records = siemulator.parse("linux_auth", SAMPLE, year=2026, utc_offset=utc_offset)
    assert records[0]["time"] == WALL_CLOCK_MILLIS - TWO_HOURS_MILLIS


def test_utc_offset_keeps_zoned_time() -> None:
    assert siemulator.parse_line("linux_auth", ZONED, utc_offset="+02:00")["time"] == WALL_CLOCK_MILLIS


def test_utc_offset_defaults_to_utc() -> None:
    assert siemulator.parse_line("linux_auth", SAMPLE, year=2026)["time"] == WALL_CLOCK_MILLIS
    assert siemulator.parse_line("linux_auth", SAMPLE, year=2026, utc_offset=None)["time"] == WALL_CLOCK_MILLIS
    assert siemulator.parse_line("linux_auth", SAMPLE, year=2026, utc_offset="Z")["time"] == WALL_CLOCK_MILLIS
    west = siemulator.parse_line("linux_auth", SAMPLE, year=2026, utc_offset=datetime.timedelta(hours=-5))
    assert west["time"] == WALL_CLOCK_MILLIS + 5 * 3600 * 1000


@pytest.mark.parametrize(
    "utc_offset",
    ["+2", "UTC", "+24:00", 1440, -1440, datetime.timedelta(seconds=90), datetime.timedelta(days=1)],
)
def test_utc_offset_rejects_invalid_value(utc_offset: "datetime.timedelta | int | str") -> None:
    with pytest.raises(siemulator.InvalidArgumentError, match="utc_offset"):
        siemulator.parse_line("linux_auth", SAMPLE, utc_offset=utc_offset)


@pytest.mark.parametrize("year", [0, 1677, 2262, 9999])
def test_year_outside_timestamp_range_is_rejected(year: int) -> None:
    with pytest.raises(siemulator.InvalidArgumentError, match="year"):
        siemulator.parse_line("linux_auth", SAMPLE, year=year)


def test_received_time_outside_timestamp_range_is_rejected() -> None:
    far = datetime.datetime(2300, 1, 1, tzinfo=datetime.timezone.utc)
    with pytest.raises(siemulator.InvalidArgumentError, match="received_time"):
        siemulator.parse_line("linux_auth", SAMPLE, received_time=far)


@pytest.mark.parametrize("utc_offset", [True, 2.0, b"+02:00"])
def test_utc_offset_rejects_other_types(utc_offset: object) -> None:
    with pytest.raises(TypeError, match="utc_offset must be"):
        siemulator.parse_line("linux_auth", SAMPLE, utc_offset=utc_offset)  # type: ignore[arg-type]
