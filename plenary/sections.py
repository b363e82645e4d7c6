"""Parts of a page that another app adds.

A page of a lower app (the forum page, /me/) shows sections that higher apps register in
their ``ready()`` (the papers app adds the call for papers and "my papers"), so the lower
app never imports them. A section is ``render(request, **objects) -> str`` (HTML, safe).
"""

from collections.abc import Callable

from django.utils.safestring import SafeString, mark_safe

_SECTIONS: dict[str, list[Callable[..., str]]] = {}


def register_section(page: str, render: Callable[..., str]) -> Callable[..., str]:
    """Add ``render`` to the sections of ``page``, after those registered before it."""
    renders = _SECTIONS.setdefault(page, [])
    if render not in renders:
        renders.append(render)
    return render


def render_sections(page: str, request, **objects) -> SafeString:
    """Every section of ``page``, in order of registration, as one piece of HTML."""
    return mark_safe("".join(render(request, **objects) for render in _SECTIONS.get(page, ())))  # noqa: S308 - sections render templates
