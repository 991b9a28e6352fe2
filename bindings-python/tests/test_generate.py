"""generate(): arguments, determinism and argument errors."""

import datetime
from pathlib import Path

import pytest

import siemulator

UTC = datetime.timezone.utc


def test_generate_returns_count_strings() -> None:
    events = siemulator.generate("linux_auth", 25)
    assert len(events) == 25
    assert all(isinstance(event, str) and event.startswith("<") for event in events)
    assert all("\n" not in event for event in events)


def test_generate_default_count_is_ten() -> None:
    assert len(siemulator.generate("linux_auth")) == 10


def test_generate_same_seed_same_output() -> None:
    assert siemulator.generate("linux_auth", 50, seed=7) == siemulator.generate("linux_auth", 50, seed=7)


def test_generate_seed_changes_output() -> None:
    assert siemulator.generate("linux_auth", 50, seed=7) != siemulator.generate("linux_auth", 50, seed=8)


def test_generate_offset_is_slice_of_full_run() -> None:
    full = siemulator.generate("linux_auth", 40, seed=3)
    assert siemulator.generate("linux_auth", 15, seed=3, offset=20) == full[20:35]


def test_generate_variant() -> None:
    events = siemulator.generate("linux_auth", 20, variant="ssh_failed_password")
    assert all("Failed password for" in event for event in events)


def test_generate_overrides_replace_fields() -> None:
    events = siemulator.generate("linux_auth", 5, variant="ssh_failed_password", overrides={"user": "mallory", "src_port": 4444})
    assert all("Failed password for mallory from" in event for event in events)
    assert all(" port 4444 " in event for event in events)


def test_generate_start_text_and_datetime_agree() -> None:
    text = siemulator.generate("linux_auth", 3, start="2025-03-04T05:06:07Z")
    aware = siemulator.generate("linux_auth", 3, start=datetime.datetime(2025, 3, 4, 5, 6, 7, tzinfo=UTC))
    assert text == aware
    assert all(" Mar  4 05:06:07 " in event.replace(">", " ", 1) for event in text[:1])


def test_generate_start_other_zone_is_converted() -> None:
    plus_two = datetime.timezone(datetime.timedelta(hours=2))
    shifted = siemulator.generate("linux_auth", 3, start=datetime.datetime(2025, 3, 4, 7, 6, 7, tzinfo=plus_two))
    assert shifted == siemulator.generate("linux_auth", 3, start="2025-03-04T05:06:07Z")


def test_generate_rate_spaces_events() -> None:
    events = list(siemulator.stream("linux_auth", 3, rate=0.5))
    assert [event.time_text for event in events] == [
        "2026-01-05T09:00:00.000000000Z",
        "2026-01-05T09:00:02.000000000Z",
        "2026-01-05T09:00:04.000000000Z",
    ]


def test_generate_end_stops_before_instant() -> None:
    events = siemulator.generate("linux_auth", None, rate=1.0, end="2026-01-05T09:00:05Z")
    assert len(events) == 5


def test_generate_world_dict_and_object_agree() -> None:
    settings = {"users": 12, "servers": 6}
    from_dict = siemulator.generate("linux_auth", 30, seed=4, world=settings)
    from_object = siemulator.generate("linux_auth", 30, seed=4, world=siemulator.World(4, users=12, servers=6))
    assert from_dict == from_object
    assert from_dict != siemulator.generate("linux_auth", 30, seed=4)


def test_generate_uses_world_entities() -> None:
    world = siemulator.World(9, users=3)
    usernames = {user.username for user in world.users}
    events = siemulator.generate("linux_auth", 40, variant="ssh_accepted_password", world=world)
    assert all(any(f"for {name} from" in event for name in usernames) for event in events)


def test_generate_without_count_or_end_is_rejected() -> None:
    with pytest.raises(siemulator.InvalidArgumentError) as caught:
        siemulator.generate("linux_auth", None)
    assert caught.value.argument == "count"


def test_generate_naive_start_is_rejected() -> None:
    with pytest.raises(siemulator.InvalidArgumentError) as caught:
        siemulator.generate("linux_auth", 1, start=datetime.datetime(2025, 1, 1))
    assert caught.value.argument == "start"
    assert "time zone" in str(caught.value)


def test_generate_bad_start_text_is_rejected() -> None:
    with pytest.raises(siemulator.InvalidArgumentError) as caught:
        siemulator.generate("linux_auth", 1, start="yesterday")
    assert caught.value.argument == "start"


def test_generate_unknown_profile_is_rejected() -> None:
    with pytest.raises(siemulator.InvalidArgumentError) as caught:
        siemulator.generate("linux_auth", 1, profile="weekly")
    assert caught.value.argument == "profile"


@pytest.mark.parametrize(
    ("arguments", "argument"),
    [
        ({"seed": -1}, "seed"),
        ({"seed": 2**64}, "seed"),
        ({"seed": 2**200}, "seed"),
        ({"count": -5}, "count"),
        ({"offset": -1}, "offset"),
    ],
)
def test_out_of_range_numbers_name_their_argument(arguments: dict, argument: str) -> None:
    # A plain conversion to an unsigned integer raises OverflowError without naming the argument.
    for call in (siemulator.generate, lambda *args, **kwargs: list(siemulator.stream(*args, **kwargs))):
        with pytest.raises(siemulator.InvalidArgumentError) as caught:
            call("linux_auth", **{"count": 1, **arguments})
        assert caught.value.argument == argument
        assert "out of range; give 0 to 18446744073709551615" in str(caught.value)


def test_out_of_range_numbers_of_scenarios_and_write(tmp_path: Path) -> None:
    scenario = siemulator.Scenario.builtin("enterprise-attack")
    with pytest.raises(siemulator.InvalidArgumentError) as caught:
        scenario.events(seed=-1)
    assert caught.value.argument == "seed"
    with pytest.raises(siemulator.InvalidArgumentError) as caught:
        scenario.write(tmp_path / "run.ndjson", count=-1)
    assert caught.value.argument == "count"
    with pytest.raises(siemulator.InvalidArgumentError) as caught:
        siemulator.write(tmp_path / "events.ndjson", "linux_auth", 3, batch_size=-2)
    assert caught.value.argument == "batch_size"
    assert not (tmp_path / "events.ndjson").exists()


class _Index:
    """A whole number that is not an int, as numpy integer scalars are."""

    def __init__(self, value: int) -> None:
        self.value = value

    def __index__(self) -> int:
        return self.value


def test_numbers_with_index_are_accepted() -> None:
    expected = siemulator.generate("linux_auth", 2, seed=5, offset=1)
    assert siemulator.generate("linux_auth", _Index(2), seed=_Index(5), offset=_Index(1)) == expected  # type: ignore[arg-type]
    assert len(siemulator.World(seed=_Index(5), users=_Index(3)).users) == 3  # type: ignore[arg-type]
    with pytest.raises(siemulator.InvalidArgumentError) as caught:
        siemulator.generate("linux_auth", 1, seed=_Index(-1))  # type: ignore[arg-type]
    assert caught.value.argument == "seed"


def test_other_types_stay_type_errors() -> None:
    for value in (1.5, "5", None):
        with pytest.raises(TypeError):
            siemulator.generate("linux_auth", 1, offset=value)  # type: ignore[arg-type]


def test_world_size_out_of_range() -> None:
    with pytest.raises(siemulator.InvalidArgumentError) as caught:
        siemulator.World(users=-3)
    assert caught.value.argument == "world.users"
    assert "-3 is out of range; give 1 to 100000" in str(caught.value)
    with pytest.raises(siemulator.InvalidArgumentError) as caught:
        siemulator.World(subnets=251)
    assert "give 1 to 250" in str(caught.value)
    with pytest.raises(siemulator.InvalidArgumentError) as caught:
        siemulator.World(seed=-1)
    assert caught.value.argument == "seed"


def test_generate_profile_names_accepted() -> None:
    for profile in ["constant", "jittered", "diurnal", "bursts"]:
        assert len(siemulator.generate("linux_auth", 5, profile=profile)) == 5


@pytest.mark.parametrize(
    ("arguments", "fragment"),
    [
        ({"count": "ten"}, "count"),
        ({"seed": "1"}, "seed"),
        ({"start": 1700000000}, "start"),
        ({"overrides": [("user", "x")]}, "overrides"),
        ({"overrides": {"user": object()}}, "override 'user'"),
        ({"world": "big"}, "world"),
        ({"world": {"users": "many"}}, "world"),
        ({"rate": "fast"}, "rate"),
    ],
)
def test_generate_bad_types_raise_type_error(arguments: dict, fragment: str) -> None:
    with pytest.raises((TypeError, siemulator.InvalidArgumentError)) as caught:
        siemulator.generate("linux_auth", **arguments)
    # PyO3 names the argument in a note ("while processing 'count'"), the binding in the message.
    explanation = " ".join([str(caught.value), *getattr(caught.value, "__notes__", [])])
    assert fragment in explanation


def test_generate_wrong_value_types_are_type_errors() -> None:
    with pytest.raises(TypeError):
        siemulator.generate("linux_auth", "ten")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        siemulator.generate(42)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        siemulator.generate("linux_auth", 1, start=1700000000)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        siemulator.generate("linux_auth", 1, world="big")  # type: ignore[arg-type]
