"""Screenshots of the live debate room from the demo data, for the README.

    make screenshots          (or: .venv/bin/python docs/screenshots/take.py)

Loads ``seed_demo`` into a throwaway SQLite database, serves it with daphne on a free
port, and drives the system Chromium: the chair gives the floor to the next speaker,
opens a roll-call vote on the demo's seconded motion, one
delegate votes and reacts, another fills in her ballot; then it writes the delegate view, the
chair's console, the projector view and the room on a phone in Spanish (390 px wide) to
docs/screenshots/*.png. Nothing else changes.
Reactions show as emoji only where a colour emoji font is installed (on Debian and
Ubuntu: fonts-noto-color-emoji).
"""

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = Path(__file__).resolve().parent
PASSWORD = "plenary-demo-2027"  # noqa: S105 - the demo's published password
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def serve(env: dict) -> tuple[subprocess.Popen, str]:
    port = free_port()
    daphne = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
        [
            sys.executable,
            "-m",
            "daphne",
            "-b",
            "127.0.0.1",
            "-p",
            str(port),
            "config.asgi:application",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            with urllib.request.urlopen(f"{url}/", timeout=2):  # noqa: S310 - http://127.0.0.1
                return daphne, url
        except OSError:
            time.sleep(0.1)
    daphne.kill()
    raise SystemExit("daphne did not start")


def log_in(browser, url: str, username: str, locale: str = "en-GB", **options):
    context = browser.new_context(base_url=url, locale=locale, **options)
    page = context.new_page()
    page.goto("/accounts/login/")
    page.locator("input[name=login]").fill(username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(lambda address: "/accounts/login/" not in address)
    return page


def live(page, path: str) -> None:
    page.goto(path)
    page.wait_for_selector("#room[data-connection='live']")


def main() -> None:
    from playwright.sync_api import expect, sync_playwright

    workdir = Path(tempfile.mkdtemp(prefix="plenary-screenshots-"))
    env = {
        **os.environ,
        "DEBUG": "1",
        "VAR_DIR": str(workdir),
        "SQLITE_PATH": str(workdir / "demo.sqlite3"),
        "DATABASE_URL": "",
        "REDIS_URL": "",
        "EMAIL_URL": "dummy://",
    }
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True)  # noqa: S603
    subprocess.run([*manage, "seed_demo"], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)  # noqa: S603
    room = subprocess.run(  # noqa: S603
        [
            *manage,
            "shell",
            "-v",
            "0",
            "-c",
            "from debates.models import Debate; "
            "print(Debate.objects.exclude(status='closed').order_by('id').first().pk)",
        ],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()[-1]
    path = f"/debates/{room}/"
    daphne, url = serve(env)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            laptop = {"viewport": {"width": 1440, "height": 900}}
            chair = log_in(browser, url, "chair", **laptop)
            amina = log_in(browser, url, "amina", **laptop)
            diego = log_in(browser, url, "diego", **laptop)
            for page in (chair, amina, diego):
                live(page, path)

            # Nobody holds the floor in the demo's sitting: the next speaker takes it.
            expect(chair.locator("#speaker")).to_have_text("Nobody has the floor.")
            chair.get_by_role("button", name="Give the floor to the next speaker").click()
            expect(amina.locator("#speaker .speaker-name")).to_have_text("Diego Restrepo")
            chair.locator("form.open-vote").get_by_label("Roll call").check()
            chair.locator("form.open-vote").get_by_role("button", name="Open the vote").click()
            expect(amina.locator("form.ballot")).to_be_visible()
            diego.locator("form.ballot").get_by_label("Yes").check()
            diego.locator("form.ballot").get_by_role("button", name="Cast my vote").click()
            expect(diego.locator(".ballot-done")).to_be_visible()
            diego.get_by_role("button", name="Applause").click()
            amina.locator("form.ballot").get_by_label("Yes").check()
            expect(amina.locator(".turnout-text")).to_contain_text("1 of")

            projector = browser.new_context(
                base_url=url, locale="en-GB", viewport={"width": 1920, "height": 1080}
            ).new_page()
            live(projector, path + "?view=projector")
            phone = log_in(
                browser,
                url,
                "diego",
                locale="es-ES",
                viewport={"width": 390, "height": 844},
                device_scale_factor=2,
                is_mobile=True,
                has_touch=True,
            )
            live(phone, path + "?lang=es")
            time.sleep(1.2)  # the countdown has ticked and the reaction has faded in

            amina.screenshot(path=str(OUT / "delegate.png"), full_page=True)
            chair.screenshot(path=str(OUT / "chair.png"), full_page=True)
            projector.screenshot(path=str(OUT / "projector.png"))
            phone.screenshot(path=str(OUT / "phone.png"))
            browser.close()
    finally:
        daphne.terminate()
        daphne.wait(timeout=10)
        shutil.rmtree(workdir, ignore_errors=True)
    for name in ("delegate", "chair", "projector", "phone"):
        size = (OUT / f"{name}.png").stat().st_size
        print(f"docs/screenshots/{name}.png: {size // 1024} KB")


if __name__ == "__main__":
    main()
