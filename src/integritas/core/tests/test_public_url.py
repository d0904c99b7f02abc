"""Links read outside the site are absolute (issue 11, item 10)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

from integritas.core.public_url import DEFAULT_PUBLIC_URL, absolute_url


@override_settings(INTEGRITAS_PUBLIC_URL="https://zi.sukamaju.go.id/")
def test_absolute_url_joins_the_configured_address_and_a_path() -> None:
    assert absolute_url("/pengaduan/lacak/") == "https://zi.sukamaju.go.id/pengaduan/lacak/"
    with pytest.raises(ValueError, match="site path"):
        absolute_url("pengaduan/")
    with pytest.raises(ValueError, match="site path"):
        absolute_url("//evil.example/")


@override_settings(INTEGRITAS_PUBLIC_URL="")
def test_an_unset_address_still_gives_an_absolute_link() -> None:
    assert absolute_url("/x/") == f"{DEFAULT_PUBLIC_URL}/x/"


@pytest.mark.parametrize("bad", ["zi.sukamaju.go.id", "/pengaduan", "ftp://x.id", "https://"])
def test_a_relative_or_odd_address_is_a_configuration_error(bad: str) -> None:
    with override_settings(INTEGRITAS_PUBLIC_URL=bad), pytest.raises(ImproperlyConfigured):
        absolute_url("/x/")


@pytest.mark.parametrize("base", ["", "https://zi.sukamaju.go.id"])
def test_notification_links_are_absolute(base: str) -> None:
    from integritas.complaints.notifications import short_message, tracking_link

    with override_settings(INTEGRITAS_PUBLIC_URL=base):
        link = tracking_link()
        assert link.startswith(("http://", "https://")), link
        assert link.endswith("/pengaduan/lacak/")
        assert link in short_message("ABCD-1234")
