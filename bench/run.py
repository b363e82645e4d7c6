"""Run every benchmark in bench/ and write the figures to stdout and docs/benchmarks.md.

A benchmark is a module ``bench/<name>.py`` with a ``run() -> str`` function that
measures and returns a Markdown section.
"""

import datetime
import importlib
import os
import platform
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "docs" / "benchmarks.md"
# Run as a script, this folder comes first on the import path, where bench/calendar.py
# would stand in for the standard library's calendar module: import from ROOT instead.
sys.path[:] = [
    entry for entry in sys.path if Path(entry or ".").resolve() != Path(__file__).resolve().parent
]


def machine() -> str:
    cores = os.cpu_count()
    try:
        pages = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
        memory = f"{pages / 2**30:.0f} GiB"
    except (ValueError, OSError, AttributeError):
        memory = "unknown memory"
    return f"{platform.machine()}, {cores} cores, {memory}, Python {platform.python_version()}"


def main(selected: list[str]) -> int:
    sys.path.insert(0, str(ROOT))
    names = sorted(
        path.stem
        for path in (ROOT / "bench").glob("*.py")
        if path.stem not in {"run", "__init__"} and not path.stem.startswith("_")
    )
    if selected:
        names = [name for name in names if name in selected]
    sections = []
    for name in names:
        print(f"--- bench/{name}.py", flush=True)
        module = importlib.import_module(f"bench.{name}")
        section = module.run()
        print(section, flush=True)
        sections.append(section)
    today = datetime.date.today().isoformat()
    header = (
        "# Benchmarks\n\n"
        f"Measured with `make bench` on {today} ({machine()}). "
        "Figures vary between machines; compare ratios, not absolute numbers.\n"
    )
    body = "\n".join(sections) if sections else "\nNo benchmark is defined yet.\n"
    OUTPUT.write_text(header + "\n" + body)
    print(f"written to {OUTPUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
