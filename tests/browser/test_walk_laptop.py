"""A walk through the demo as each of its people, on a laptop (1366 px), in English,
French and Spanish: every page reached by the site's own links reads as finished."""

import pytest

from tests.browser.walk_support import LANGUAGES, report, walk_everyone

# The demo is loaded once for the module (walk_demo); the tests' own process writes nothing.
pytestmark = pytest.mark.django_db(transaction=True, available_apps=[])


@pytest.mark.parametrize("language", LANGUAGES)
def test_walk_through_the_demo_on_a_laptop(browser, walk_demo, language):
    findings, visited = walk_everyone(browser, walk_demo, language=language, width="laptop")

    if findings:
        pytest.fail(f"{report(findings)}\n\npages visited:\n" + "\n".join(visited), pytrace=False)
