"""The exception tree: one class per core error code, with the core error's fields."""

import errno
import os
from pathlib import Path

import pytest

import siemulator

EXPECTED_CLASSES = {
    "unknown_source": "UnknownSourceError",
    "unknown_variant": "UnknownVariantError",
    "unknown_field": "UnknownFieldError",
    "invalid_argument": "InvalidArgumentError",
    "parse_error": "ParseError",
    "input_too_large": "InputTooLargeError",
    "scenario_error": "ScenarioError",
    "invalid_record": "InvalidRecordError",
    "io_error": "IoError",
}


def test_errors_every_core_code_has_a_class() -> None:
    assert sorted(siemulator.ERROR_CODES) == sorted(siemulator.ERROR_CLASSES)
    assert {code: cls.__name__ for code, cls in siemulator.ERROR_CLASSES.items()} == EXPECTED_CLASSES


def test_errors_classes_derive_from_base() -> None:
    for code, cls in siemulator.ERROR_CLASSES.items():
        assert issubclass(cls, siemulator.SiemulatorError)
        assert cls.code == code  # type: ignore[attr-defined]
        assert getattr(siemulator, cls.__name__) is cls
        assert cls.__module__ == "siemulator"


def test_errors_builtin_bases() -> None:
    assert issubclass(siemulator.InvalidArgumentError, ValueError)
    assert issubclass(siemulator.IoError, OSError)
    assert not issubclass(siemulator.ParseError, ValueError)


def test_errors_unknown_source() -> None:
    with pytest.raises(siemulator.UnknownSourceError) as caught:
        siemulator.generate("linux_aut")
    assert caught.value.code == "unknown_source"
    assert caught.value.suggestions == ["linux_auth", "linux_auth_file"]
    assert "did you mean linux_auth" in str(caught.value)


def test_errors_unknown_source_without_suggestions() -> None:
    with pytest.raises(siemulator.UnknownSourceError) as caught:
        siemulator.stream("zzzzzzzzzzzz")
    assert caught.value.suggestions == []


def test_errors_unknown_variant() -> None:
    with pytest.raises(siemulator.UnknownVariantError) as caught:
        siemulator.generate("linux_auth", variant="telnet_login")
    error = caught.value
    assert error.code == "unknown_variant"
    assert error.source_id == "linux_auth"
    assert error.variant == "telnet_login"
    assert "ssh_failed_password" in error.available


def test_errors_unknown_field() -> None:
    with pytest.raises(siemulator.UnknownFieldError) as caught:
        siemulator.generate("linux_auth", variant="ssh_failed_password", overrides={"colour": "blue"})
    error = caught.value
    assert error.code == "unknown_field"
    assert error.field == "colour"
    assert error.variant == "ssh_failed_password"
    assert "user" in error.available


def test_errors_invalid_argument_is_value_error() -> None:
    with pytest.raises(ValueError) as caught:
        siemulator.generate("linux_auth", rate=0.0)
    assert isinstance(caught.value, siemulator.InvalidArgumentError)
    assert caught.value.code == "invalid_argument"
    assert caught.value.argument == "rate"


def test_errors_parse_error_position() -> None:
    good = siemulator.generate("linux_auth", 2)
    text = "\n".join([good[0], good[1], "not a log line at all"]) + "\n"
    with pytest.raises(siemulator.ParseError) as caught:
        siemulator.parse("linux_auth", text)
    error = caught.value
    assert error.code == "parse_error"
    assert error.line == 3
    assert isinstance(error.offset, int)
    assert error.source_id == "linux_auth"
    assert error.reason


def test_errors_parse_line_has_no_line_number() -> None:
    with pytest.raises(siemulator.ParseError) as caught:
        siemulator.parse_line("linux_auth", "")
    assert caught.value.offset == 0


def test_errors_oversized_line_is_rejected() -> None:
    # Lines over the core's 1 MiB limit are skipped and reported, not buffered.
    huge = "<38>Jan  5 09:00:00 web01 sshd[1]: " + "x" * (1 << 20) + "\n"
    with pytest.raises(siemulator.ParseError) as caught:
        siemulator.parse("linux_auth", huge)
    assert caught.value.line == 1
    assert "limit" in caught.value.reason


def test_errors_world_limits() -> None:
    with pytest.raises(siemulator.InvalidArgumentError) as caught:
        siemulator.World(users=0)
    assert caught.value.code == "invalid_argument"


def test_errors_io_error_names_path_once(tmp_path: Path) -> None:
    path = tmp_path / "absent.yaml"
    with pytest.raises(siemulator.IoError) as caught:
        siemulator.Scenario.from_file(path)
    error = caught.value
    message = str(error)
    assert error.errno == errno.ENOENT
    assert error.filename == str(path)
    assert message.startswith(f"[Errno {errno.ENOENT}] ")
    assert message.count(str(path)) == 1
    assert message.count("Errno") == 1
    assert "os error" not in message


def test_errors_io_error_without_errno(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes(b"name: caf\xe9\n")
    with pytest.raises(siemulator.IoError) as caught:
        siemulator.Scenario.from_file(path)
    message = str(caught.value)
    assert caught.value.errno is None
    assert message.count(str(path)) == 1
    assert "Errno" not in message
    assert "UTF-8" in message


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full, which fails every write")
def test_errors_write_failure_message() -> None:
    with pytest.raises(siemulator.IoError) as caught:
        siemulator.write("/dev/full", "linux_auth", 10)
    message = str(caught.value)
    assert caught.value.errno == errno.ENOSPC
    assert message.startswith(f"[Errno {errno.ENOSPC}] write failed: ")
    assert "os error" not in message
