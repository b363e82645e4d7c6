"""The layout's promises, checked on the source: dependencies point one way, the
secretariat flag is read in one place, no module outgrows a reader."""

import ast
from pathlib import Path

import pytest

from tests.support import ROOT

# Lower first: each may import those before it, never those after.
LAYERS = ["plenary", "events", "forums", "papers", "assembly", "onsite", "debates", "demo"]
PACKAGES = [*LAYERS, "config"]
LONGEST = 600


def python_files(*roots: str) -> list[Path]:
    return sorted(
        path
        for root in roots
        for path in (ROOT / root).rglob("*.py")
        if "migrations" not in path.parts
    )


def imported_packages(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("package", LAYERS)
def test_no_app_imports_one_above_it(package):
    above = set(LAYERS[LAYERS.index(package) + 1 :]) | {"config", "tests", "bench", "harness"}
    if package == "demo":
        above -= {"harness"}
    upward = {
        str(path.relative_to(ROOT)): sorted(imported_packages(path) & above)
        for path in python_files(package)
        if imported_packages(path) & above
    }
    assert upward == {}


def test_config_only_composes():
    """Settings, URLs and routing import the apps; nothing else lives in ``config``."""
    modules = {path.name for path in (ROOT / "config").glob("*.py")}
    assert modules == {
        "__init__.py",
        "api.py",
        "asgi.py",
        "database.py",
        "env.py",
        "middleware.py",
        "routing.py",
        "settings.py",
        "test_settings.py",
        "urls.py",
        "views.py",
        "ws_auth.py",
    }


def test_the_secretariat_flag_is_read_in_plenary_access_and_the_admin_only():
    readers = sorted(
        str(path.relative_to(ROOT))
        for path in python_files(*PACKAGES)
        if "is_staff" in path.read_text()
        and path.name != "admin.py"
        and path.relative_to(ROOT).as_posix() != "plenary/access.py"
    )
    templates = sorted(
        str(path.relative_to(ROOT))
        for path in (ROOT / "templates").rglob("*.html")
        if "is_staff" in path.read_text()
    )
    assert (readers, templates) == ([], [])


def test_no_app_keeps_demo_data_of_its_own():
    stray = sorted(
        str(path.relative_to(ROOT))
        for package in LAYERS
        if package != "demo"
        for path in (ROOT / package).rglob("demo*")
    )
    assert stray == []


def test_no_file_is_longer_than_a_reader_keeps_in_mind():
    files = [
        *python_files(*PACKAGES, "tests", "bench", "harness"),
        *(ROOT / "static").rglob("*.js"),
        *(ROOT / "static").rglob("*.css"),
        *(ROOT / "templates").rglob("*.html"),
    ]
    # Vendored files (static/js/vendor/) are kept as their authors publish them.
    vendored = ROOT / "static" / "js" / "vendor"
    long = {
        str(path.relative_to(ROOT)): length
        for path in files
        if not path.is_relative_to(vendored)
        and (length := len(path.read_text().splitlines())) > LONGEST
    }
    assert long == {}
