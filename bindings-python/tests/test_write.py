"""write() and output formats: files, file objects, formats, and errors."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

import siemulator


def test_write_path_ndjson_default(tmp_path: Path) -> None:
    target = tmp_path / "events.ndjson"
    written = siemulator.write(target, "linux_auth", 25, seed=3)
    assert written == 25
    lines = target.read_text().splitlines()
    assert len(lines) == 25
    objects = [json.loads(line) for line in lines]
    assert [item["raw"] for item in objects] == siemulator.generate("linux_auth", 25, seed=3)
    assert {item["source"] for item in objects} == {"linux_auth"}


def test_write_str_path_and_object_agree(tmp_path: Path) -> None:
    target = tmp_path / "events.raw"
    siemulator.write(str(target), "linux_auth", 300, format="raw")
    buffer = io.BytesIO()
    siemulator.write(buffer, "linux_auth", 300, format="raw")
    assert target.read_bytes() == buffer.getvalue()
    assert buffer.getvalue().decode().splitlines() == siemulator.generate("linux_auth", 300)


def test_write_default_count_is_ten(tmp_path: Path) -> None:
    assert siemulator.write(tmp_path / "a", "linux_auth") == 10


def test_write_end_without_count(tmp_path: Path) -> None:
    assert siemulator.write(tmp_path / "a", "linux_auth", rate=2.0, end="2026-01-05T09:00:10Z") == 20


@pytest.mark.parametrize("format", ["raw", "ndjson", "json", "csv", "hec", "hec-raw"])
def test_write_each_format_matches_generate(format: str) -> None:
    buffer = io.BytesIO()
    assert siemulator.write(buffer, "linux_auth", 7, format=format) == 7
    text = buffer.getvalue().decode()
    rendered = siemulator.generate("linux_auth", 7, format=format)
    for item in rendered:
        assert item in text
    assert [event.text for event in siemulator.stream("linux_auth", 7, format=format)] == rendered


def test_write_json_is_one_array() -> None:
    buffer = io.BytesIO()
    siemulator.write(buffer, "linux_auth", 4, format="json")
    assert len(json.loads(buffer.getvalue())) == 4


def test_write_csv_has_header_and_rows() -> None:
    buffer = io.BytesIO()
    siemulator.write(buffer, "linux_auth", 4, format="csv")
    rows = list(csv.reader(io.StringIO(buffer.getvalue().decode())))
    assert rows[0][0] == "time"
    assert len(rows) == 5


def test_write_hec_raw_batches() -> None:
    buffer = io.BytesIO()
    siemulator.write(buffer, "linux_auth", 5, format="hec-raw", batch_size=2)
    bodies = buffer.getvalue().decode().split("\n\n")
    assert [len(body.strip("\n").splitlines()) for body in bodies] == [2, 2, 1]


def test_write_large_run_to_object_in_chunks() -> None:
    chunks: list[int] = []

    class Recorder(io.RawIOBase):
        def writable(self) -> bool:
            return True

        def write(self, data) -> int:  # type: ignore[no-untyped-def,override]
            chunks.append(len(data))
            # Accept at most 100 000 bytes per call, as a raw file may.
            return min(len(data), 100_000)

    written = siemulator.write(Recorder(), "linux_auth", 50_000, format="raw")
    assert written == 50_000
    assert sum(chunks) > len(chunks)
    expected = sum(len(line) + 1 for line in siemulator.generate("linux_auth", 50_000))
    assert sum(min(size, 100_000) for size in chunks) == expected


def test_write_file_object_exception_propagates() -> None:
    class Broken:
        def write(self, data: bytes) -> int:
            raise RuntimeError("disk on fire")

    with pytest.raises(RuntimeError, match="disk on fire"):
        siemulator.write(Broken(), "linux_auth", 10)


def test_write_text_file_is_type_error(tmp_path: Path) -> None:
    with open(tmp_path / "text.txt", "w") as handle:
        with pytest.raises(TypeError):
            siemulator.write(handle, "linux_auth", 3)  # type: ignore[arg-type]


def test_write_missing_directory_is_os_error(tmp_path: Path) -> None:
    target = tmp_path / "missing" / "events.ndjson"
    with pytest.raises(OSError) as caught:
        siemulator.write(target, "linux_auth", 3)
    assert isinstance(caught.value, siemulator.IoError)
    assert caught.value.code == "io_error"
    assert caught.value.filename == str(target)
    assert caught.value.errno == 2


def test_write_bad_destination_type() -> None:
    with pytest.raises(TypeError):
        siemulator.write(42, "linux_auth", 3)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        siemulator.write(io.BytesIO(), 42, 3)  # type: ignore[arg-type]


def test_write_unknown_format() -> None:
    with pytest.raises(siemulator.InvalidArgumentError) as caught:
        siemulator.write(io.BytesIO(), "linux_auth", 3, format="xml")
    assert caught.value.argument == "format"
    with pytest.raises(siemulator.InvalidArgumentError):
        siemulator.generate("linux_auth", 3, format="xml")


def test_write_zero_batch_size() -> None:
    with pytest.raises(siemulator.InvalidArgumentError) as caught:
        siemulator.write(io.BytesIO(), "linux_auth", 3, format="hec-raw", batch_size=0)
    assert caught.value.argument == "batch_size"


def test_generate_formats_render_one_event() -> None:
    raw = siemulator.generate("linux_auth", 3)
    objects = [json.loads(item) for item in siemulator.generate("linux_auth", 3, format="ndjson")]
    assert [item["raw"] for item in objects] == raw
    envelopes = [json.loads(item) for item in siemulator.generate("linux_auth", 3, format="hec")]
    assert [item["event"] for item in envelopes] == raw
