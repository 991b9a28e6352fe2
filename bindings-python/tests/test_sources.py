"""The catalog: sources(), source(id) and the SourceInfo records."""

import pytest

import siemulator


def test_sources_sorted_by_id() -> None:
    ids = [info.id for info in siemulator.sources()]
    assert ids == sorted(ids)
    assert "linux_auth" in ids


def test_source_fields_match_catalog() -> None:
    info = siemulator.source("linux_auth")
    assert info.id == "linux_auth"
    assert info.vendor == "Linux"
    assert info.category == "endpoint"
    assert info.formats == ["syslog3164"]
    assert info.sourcetype == "linux_secure"
    assert "ssh_failed_password" in info.variants
    assert 3002 in info.ocsf_classes
    assert info.doc_url.startswith("https://")
    assert isinstance(info.aliases, list)
    assert [variant.name for variant in info.variant_info] == info.variants
    assert all(variant.weight >= 0 for variant in info.variant_info)


def test_source_lookup_ignores_case() -> None:
    assert siemulator.source("Linux_Auth").id == "linux_auth"


def test_sources_filters() -> None:
    assert "linux_auth" in [info.id for info in siemulator.sources(category="endpoint")]
    assert "linux_auth" in [info.id for info in siemulator.sources(format="syslog3164")]
    assert "linux_auth" in [info.id for info in siemulator.sources(ocsf_class=3002)]


def test_sources_valid_filter_matching_nothing() -> None:
    assert siemulator.sources(category="email", format="xml") == []


def test_sources_unknown_category_lists_categories() -> None:
    with pytest.raises(siemulator.InvalidArgumentError) as caught:
        siemulator.sources(category="no-such-category")
    assert caught.value.argument == "category"
    assert "no-such-category" in str(caught.value)
    assert "endpoint" in str(caught.value)


def test_sources_unknown_format_lists_formats() -> None:
    with pytest.raises(siemulator.InvalidArgumentError) as caught:
        siemulator.sources(format="morse")
    assert caught.value.argument == "format"
    assert "syslog3164" in str(caught.value)


def test_sources_filter_values_ignore_case() -> None:
    assert siemulator.sources(category="ENDPOINT", format="Syslog3164") == siemulator.sources(
        category="endpoint", format="syslog3164"
    )


def test_unknown_source_suggests() -> None:
    with pytest.raises(siemulator.UnknownSourceError) as caught:
        siemulator.source("linux_aut")
    assert caught.value.suggestions == ["linux_auth", "linux_auth_file"]
    assert caught.value.id == "linux_aut"


def test_source_info_is_immutable() -> None:
    info = siemulator.source("linux_auth")
    with pytest.raises(AttributeError):
        info.id = "other"  # type: ignore[misc]
