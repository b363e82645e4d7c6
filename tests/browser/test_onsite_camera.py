"""The scanning page reads a badge held up to the camera. Chromium films a file instead
of a camera (``--use-file-for-fake-video-capture``): a video of the badge's QR code, made
here from the code the badge PDF prints. Chromium on Linux has no BarcodeDetector for QR
codes, so this is the page's own decoder (jsQR) reading the frames."""

import pytest
import segno
from django.contrib.auth.models import Permission
from playwright.sync_api import expect

from onsite import services
from onsite.badges.prints import badge_code
from onsite.models import Scan
from tests.browser.conftest import CHROMIUM_ARGS
from tests.factories import (
    AccreditationFactory,
    CheckInListFactory,
    DelegateFactory,
    EventFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)

WIDTH, HEIGHT = 640, 480


def write_video(path, text: str) -> None:
    """A one-frame Y4M video (4:2:0) of ``text``'s QR code, black on white, centred."""
    rows = list(segno.make(text, error="m").matrix_iter(border=4))
    scale = min(WIDTH, HEIGHT) * 9 // 10 // len(rows)
    left = (WIDTH - len(rows) * scale) // 2
    top = (HEIGHT - len(rows) * scale) // 2
    luma = bytearray(b"\xff" * (WIDTH * HEIGHT))
    for y, row in enumerate(rows):
        line = bytes(0 if dark else 255 for dark in row for _ in range(scale))
        for dy in range(scale):
            start = (top + y * scale + dy) * WIDTH + left
            luma[start : start + len(line)] = line
    chroma = b"\x80" * (WIDTH * HEIGHT // 4)
    header = f"YUV4MPEG2 W{WIDTH} H{HEIGHT} F10:1 Ip A1:1 C420jpeg\n".encode()
    path.write_bytes(header + b"FRAME\n" + bytes(luma) + chroma + chroma)


@pytest.fixture(scope="module")
def video(tmp_path_factory):
    return tmp_path_factory.mktemp("camera") / "badge.y4m"


@pytest.fixture(scope="module")
def browser(chromium_path, video):
    """Chromium with a camera that films ``video`` (written by each test before it opens
    the page: Chromium reads the file when the page asks for the camera)."""
    from playwright.sync_api import sync_playwright

    camera = [
        "--use-fake-device-for-media-stream",
        "--use-fake-ui-for-media-stream",
        f"--use-file-for-fake-video-capture={video}",
    ]
    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        browser = playwright.chromium.launch(
            executable_path=chromium_path, headless=True, args=CHROMIUM_ARGS + camera
        )
        yield browser
        browser.close()


def test_a_badge_held_up_to_the_camera_is_scanned_once(pages, video, screenshot):
    event = EventFactory()
    entrance = CheckInListFactory(event=event, name="Main entrance")
    secretariat = UserFactory(is_staff=True)
    staff = UserFactory(username="doors")
    staff.user_permissions.add(Permission.objects.get(codename="scan_badges"))
    delegate = DelegateFactory(user__first_name="Layla", user__last_name="Haddad")
    badge = services.badge_issue(
        actor=secretariat,
        accreditation=AccreditationFactory(event=event, delegate=delegate),
        name="ليلى حداد",
    )
    write_video(video, badge_code(badge))

    page = pages.open(
        staff, f"/onsite/lists/{entrance.pk}/scan/", wait=False, permissions=["camera"]
    )
    expect(page.locator("[data-camera]")).to_be_visible()
    verdict = page.locator("[data-verdict]")
    expect(verdict).to_contain_text("Come in")
    expect(verdict).to_contain_text("ليلى حداد")
    expect(verdict).to_contain_text("Layla Haddad")
    expect(page.locator("[data-inside]")).to_have_text("1")
    screenshot(page, "onsite-scan-camera")
    # The camera keeps filming the same badge: one scan, not one per frame.
    page.wait_for_timeout(1500)
    assert list(Scan.objects.values_list("outcome", flat=True)) == ["accepted"]
    assert pages.errors == []
