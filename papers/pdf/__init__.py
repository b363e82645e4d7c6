"""Checking and storing uploaded paper files.

A file is accepted by its content only (never its name or the browser's content type):
it must start with the PDF signature, stay within ``PAPER_MAX_BYTES``, and parse as an
unencrypted PDF of at most ``PAPER_MAX_PAGES`` pages whose compressed streams expand to
at most ``PAPER_MAX_INFLATED_BYTES``, with no active content (JavaScript, embedded
files, launch and other actions that run or fetch something): such a file is refused,
never cleaned, so what is stored is what the author sent. Anonymous reviewers download a
copy without the document's metadata (``anonymous_copy``). The parse runs in a child process
(``pdfcheck.py``) with a memory and CPU limit and a wall-clock timeout, so that a hostile
file can neither exhaust the server's memory nor hold its event loop.
"""

import hashlib
import json
import secrets
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from plenary.errors import ServiceError

PDF_SIGNATURE = b"%PDF-"
CHECKER = Path(__file__).with_name("pdfcheck.py")
STORAGE_DIRECTORY = "papers"


class FileRefused(ServiceError):
    """An uploaded file that is not an acceptable paper; the message says why."""

    default_code = "invalid_file"


class FileTooLarge(FileRefused):
    status_code = 413
    default_code = "file_too_large"


@dataclass(frozen=True)
class CheckedPdf:
    data: bytes
    pages: int
    size: int
    sha256: str


def too_large_message(size: int | None = None) -> str:
    limit = filesizeformat(settings.PAPER_MAX_BYTES)
    if size is None:
        return _("The file is too large: papers may be at most %(limit)s.") % {"limit": limit}
    return _("The file is %(size)s; papers may be at most %(limit)s.") % {
        "size": filesizeformat(size),
        "limit": limit,
    }


def read_upload(upload) -> bytes:
    """The bytes of an uploaded file, refusing it before reading when it is too large."""
    if upload is None:
        raise FileRefused(_("Choose a PDF file to upload."), code="file_missing")
    limit = settings.PAPER_MAX_BYTES
    size = getattr(upload, "size", None)
    if size is not None and size > limit:
        raise FileTooLarge(too_large_message(size))
    upload.seek(0)
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise FileTooLarge(too_large_message())
    if not data:
        raise FileRefused(_("The file is empty."), code="file_empty")
    return data


def check_pdf(data: bytes) -> CheckedPdf:
    """Accept ``data`` as a paper file or raise ``FileRefused`` with the reason."""
    if len(data) > settings.PAPER_MAX_BYTES:
        raise FileTooLarge(too_large_message(len(data)))
    if not data.startswith(PDF_SIGNATURE):
        raise _refusal("not_a_pdf")
    result = _run_checker(data)
    if not result.get("ok"):
        raise _refusal(result.get("code", "pdf_damaged"), pages=result.get("pages"))
    return CheckedPdf(
        data=data,
        pages=int(result["pages"]),
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
    )


def _run_checker(data: bytes) -> dict:
    command = [
        sys.executable,
        "-I",  # no user site, no environment variables, no current directory on the path
        str(CHECKER),
        str(settings.PAPER_MAX_PAGES),
        str(settings.PAPER_MAX_INFLATED_BYTES),
        str(settings.PAPER_CHECK_MEMORY_MB),
        str(settings.PAPER_CHECK_SECONDS),
    ]
    try:
        completed = subprocess.run(  # noqa: S603 - our own interpreter and script
            command,
            input=data,
            capture_output=True,
            timeout=settings.PAPER_CHECK_SECONDS + 5,
            env={},
            check=False,
        )
    except subprocess.TimeoutExpired:
        return {"ok": False, "code": "pdf_too_complex"}
    if completed.returncode != 0:
        # Killed for using too much memory or CPU time.
        return {"ok": False, "code": "pdf_too_complex"}
    try:
        return json.loads(completed.stdout)
    except ValueError:
        return {"ok": False, "code": "pdf_damaged"}


def _refusal(code: str, *, pages: int | None = None) -> FileRefused:
    messages = {
        "not_a_pdf": _("This file is not a PDF. Save or export your paper as a PDF and upload it."),
        "pdf_damaged": _(
            "This PDF is damaged or incomplete and cannot be read. "
            "Export it again and upload the new file."
        ),
        "pdf_encrypted": _(
            "This PDF is protected by a password or encryption. Upload a copy without protection."
        ),
        "pdf_no_pages": _("This PDF has no pages."),
        "pdf_too_many_pages": _("This PDF has %(pages)s pages; papers may have at most %(limit)d.")
        % {"pages": pages, "limit": settings.PAPER_MAX_PAGES},
        "pdf_active_content": _(
            "This PDF contains active content (JavaScript, embedded files or actions that "
            "open other files or programs). Export it again as a plain PDF, for example "
            'with "Print to PDF", and upload the new file.'
        ),
        "pdf_too_complex": _(
            "This PDF expands to too much data to be checked (it may be a compression bomb). "
            "Export it again, for example with a smaller file size, and upload the new file."
        ),
    }
    if code not in messages:
        code = "pdf_damaged"
    return FileRefused(messages[code], code=code)


class CopyFailed(ServiceError):
    status_code = 503
    default_code = "copy_failed"


def anonymous_copy(data: bytes) -> bytes:
    """A copy of an accepted PDF without its document metadata (author, title,
    creator, XMP), written in a child process held to the same limits as the check."""
    command = [
        sys.executable,
        "-I",
        str(CHECKER),
        "strip",
        str(settings.PAPER_CHECK_MEMORY_MB),
        str(settings.PAPER_CHECK_SECONDS),
    ]
    try:
        completed = subprocess.run(  # noqa: S603 - our own interpreter and script
            command,
            input=data,
            capture_output=True,
            timeout=settings.PAPER_CHECK_SECONDS + 5,
            env={},
            check=False,
        )
    except subprocess.TimeoutExpired:
        completed = None
    if completed is None or completed.returncode != 0 or not completed.stdout:
        # Never the original in its place: it would name the author.
        raise CopyFailed(_("The anonymous copy of this paper could not be made. Try again later."))
    return completed.stdout


def store_pdf(checked: CheckedPdf) -> str:
    """Write a checked file under a random name in MEDIA_ROOT; returns its storage name."""
    name = f"{STORAGE_DIRECTORY}/{secrets.token_hex(16)}.pdf"
    return default_storage.save(name, ContentFile(checked.data))


def delete_stored(name: str) -> None:
    if name:
        default_storage.delete(name)


def stored_names() -> list[str]:
    """Storage names of every stored paper file, sorted."""
    try:
        _directories, files = default_storage.listdir(STORAGE_DIRECTORY)
    except FileNotFoundError:
        return []
    return sorted(f"{STORAGE_DIRECTORY}/{name}" for name in files)
