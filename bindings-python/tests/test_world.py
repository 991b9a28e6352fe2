"""World: deterministic entities, typed records, settings."""

import ipaddress

import pytest

import siemulator


def test_world_same_seed_same_entities() -> None:
    assert siemulator.World(3) == siemulator.World(3)
    assert siemulator.World(3) != siemulator.World(4)
    assert siemulator.World(3).to_dict() == siemulator.World(3).to_dict()


def test_world_sizes_follow_settings() -> None:
    world = siemulator.World(1, users=12, servers=5, subnets=3)
    assert len(world.users) == 12
    assert len(world.subnets) == 3
    assert len(world.hosts) == 12 + 5 + 2  # one workstation per user, servers, two domain controllers
    assert world.config["users"] == 12
    assert world.seed == 1


def test_world_defaults_from_core() -> None:
    world = siemulator.World()
    assert world.config == {
        "users": 200,
        "servers": 40,
        "subnets": 8,
        "external_addresses": 64,
        "organisation": None,
        "realistic_public_values": False,
    }


def test_world_typed_entities() -> None:
    world = siemulator.World(2, users=10, organisation="examplecorp")
    user = world.users[0]
    assert isinstance(user, siemulator.User)
    assert user.email.endswith(world.domain)
    assert world.hosts[user.workstation].owner == 0
    host = world.hosts[-1]
    assert isinstance(host, siemulator.Host)
    assert host.role in {"workstation", "server", "domain_controller"}
    assert ipaddress.ip_address(host.ip).is_private
    subnet = world.subnets[0]
    assert ipaddress.ip_network(f"{subnet.network}/{subnet.prefix}").is_private
    assert all(isinstance(account, siemulator.CloudAccount) for account in world.cloud_accounts)
    assert {account.provider for account in world.cloud_accounts} <= {"aws", "azure", "gcp"}
    assert all(isinstance(app, siemulator.Application) for app in world.applications)
    assert world.organisation == "examplecorp"


def test_world_default_addresses_are_documentation_ranges() -> None:
    world = siemulator.World(7)
    documentation = [ipaddress.ip_network(n) for n in ("192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24")]
    for address in world.external_addresses + world.nat_addresses:
        assert any(ipaddress.ip_address(address) in network for network in documentation)


def test_world_to_dict_matches_typed_view() -> None:
    world = siemulator.World(5, users=4)
    data = world.to_dict()
    assert [user["username"] for user in data["users"]] == [user.username for user in world.users]
    assert data["domain"] == world.domain


def test_world_rejects_bad_settings() -> None:
    with pytest.raises(siemulator.InvalidArgumentError):
        siemulator.World(users=10**9)
    with pytest.raises(TypeError):
        siemulator.World(users="many")  # type: ignore[arg-type]
    with pytest.raises(siemulator.InvalidArgumentError) as caught:
        siemulator.generate("linux_auth", 1, world={"people": 3})
    assert caught.value.argument == "world"
