"""The installed stack is at least the versions without known advisories."""

from importlib.metadata import version

import pytest
from packaging.version import Version

FLOORS = {
    "Django": "5.2.19",
    # The 7.4 LTS line, latest patch (December 2026): every advisory published for 7.x is fixed in it.
    "wagtail": "7.4.4",
    "django-allauth": "65.14.2",
    "django-filer": "3.5.0",
    "markdown2": "2.4.0",
}


@pytest.mark.parametrize(("package", "floor"), FLOORS.items())
def test_installed_version_has_no_known_advisory(package, floor):
    assert Version(version(package)) >= Version(floor), f"{package} {version(package)} is older than {floor}"
