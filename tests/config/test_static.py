"""Static files as production serves them (hashed names, after collectstatic)."""

import json
import posixpath
import re

from tests.config.test_settings import production_env, run_django

IMPORT = re.compile(r'^import .* from "(?P<url>[^"]+)";$', re.MULTILINE)


def test_room_modules_import_each_other_by_hashed_name(tmp_path):
    static_root = tmp_path / "static"
    result = run_django(
        "from django.core.management import call_command\n"
        "call_command('collectstatic', interactive=False, verbosity=0)",
        {**production_env(), "STATIC_ROOT": str(static_root)},
        tmp_path,
    )
    assert result.returncode == 0, result.stderr

    paths = json.loads((static_root / "staticfiles.json").read_text())["paths"]
    hashed = set(paths.values())
    modules = {name: paths[name] for name in paths if name.startswith("js/room/")}
    imports = {}
    for name, served in modules.items():
        text = (static_root / served).read_text(encoding="utf-8")
        base = posixpath.dirname(served)
        imports[name] = [
            posixpath.normpath(posixpath.join(base, url)) for url in IMPORT.findall(text)
        ]
    assert "js/room/state.js" in modules
    assert paths["js/room/render/index.js"] in imports["js/room/main.js"]
    assert paths["js/room/state.js"] in imports["js/room/socket.js"]
    for name, targets in imports.items():
        assert set(targets) <= hashed, name
