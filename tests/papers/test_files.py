"""Uploaded files: checked by content, stored under a random name, hostile files refused
cleanly with nothing left on disk."""

import functools
import hashlib
import io
import zlib

import pypdf
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError

from demo.pdfmake import _assemble, make_pdf
from papers import pdf as pdf_module
from papers.models import PaperVersion, PositionPaper
from papers.pdf import check_pdf
from papers.services import paper_add_version, paper_create
from plenary.errors import ServiceError
from tests.papers.conftest import make_paper, stored_files

pytestmark = pytest.mark.django_db

MB = 1024 * 1024


def upload(data, name="paper.pdf", content_type="application/pdf"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def renamed_executable():
    # An ELF header and padding, named and typed as a PDF.
    return b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 4096


def truncated_pdf():
    data = make_pdf("Cut short", "Some text. " * 300, pages=4)
    return data[: len(data) * 2 // 3]


def encrypted_pdf(user_password=""):
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(make_pdf("Secret", "x"))))
    writer.encrypt(user_password=user_password, owner_password="owner", algorithm="AES-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def oversized_pdf():
    """A real PDF padded to 11 MB with a comment."""
    data = make_pdf("Too big", "x")
    return data.replace(b"%PDF-1.7\n", b"%PDF-1.7\n%" + b"A" * (11 * MB) + b"\n", 1)


@functools.cache
def zip_bomb_pdf(inflated_mb=300):
    """A valid PDF whose one content stream inflates from 300 KB to ``inflated_mb``
    (more than the default budget of 256 MB)."""
    compressor = zlib.compressobj(9)
    zeros = b"\0" * MB
    stream = b"".join(compressor.compress(zeros) for _ in range(inflated_mb))
    stream += compressor.flush()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    return _assemble(objects, root=1)


HOSTILE = {
    "renamed executable": (renamed_executable, "not_a_pdf", 400),
    "truncated PDF": (truncated_pdf, "pdf_damaged", 400),
    "encrypted PDF": (encrypted_pdf, "pdf_encrypted", 400),
    "encrypted PDF with a password": (
        lambda: encrypted_pdf("open sesame"),
        "pdf_encrypted",
        400,
    ),
    "11 MB file": (oversized_pdf, "file_too_large", 413),
    "zip bomb disguised as PDF": (zip_bomb_pdf, "pdf_too_complex", 400),
    "empty file": (lambda: b"", "file_empty", 400),
    "HTML named .pdf": (lambda: b"<html><script>alert(1)</script></html>", "not_a_pdf", 400),
}


def create(forum, author, file):
    return paper_create(
        actor=author.user,
        forum=forum,
        title="Hostile",
        abstract="A file that must be refused.",
        language="en",
        file=file,
    )


@pytest.mark.parametrize("kind", list(HOSTILE))
def test_hostile_file_is_refused_cleanly_and_leaves_nothing(forum, author, media_root, kind):
    make, code, status = HOSTILE[kind]

    with pytest.raises(ServiceError) as refused:
        create(forum, author, upload(make()))

    assert (refused.value.code, refused.value.status_code) == (code, status)
    assert refused.value.message
    assert not PositionPaper.objects.exists()
    assert not PaperVersion.objects.exists()
    assert stored_files(media_root) == []


@pytest.mark.parametrize("kind", list(HOSTILE))
def test_hostile_revision_is_refused_and_the_paper_keeps_its_file(forum, author, media_root, kind):
    paper = make_paper(forum, author)
    before = stored_files(media_root)
    make, code, _status = HOSTILE[kind]

    with pytest.raises(ServiceError) as refused:
        paper_add_version(actor=author.user, paper=paper, file=upload(make()))

    assert refused.value.code == code
    assert stored_files(media_root) == before
    assert list(paper.versions.values_list("number", flat=True)) == [1]


def test_refusal_messages_say_what_to_do(settings):
    settings.PAPER_MAX_PAGES = 2

    messages = {}
    for name, data in {
        "exe": renamed_executable(),
        "encrypted": encrypted_pdf(),
        "pages": make_pdf("Long", "x", pages=3),
    }.items():
        with pytest.raises(ServiceError) as refused:
            check_pdf(data)
        messages[name] = refused.value.message

    assert messages == {
        "exe": "This file is not a PDF. Save or export your paper as a PDF and upload it.",
        "encrypted": "This PDF is protected by a password or encryption. "
        "Upload a copy without protection.",
        "pages": "This PDF has 3 pages; papers may have at most 2.",
    }


def test_size_limit_is_a_setting(settings, forum, author, media_root):
    settings.PAPER_MAX_BYTES = 1000
    data = make_pdf("Small enough?", "words " * 400, compress=False)
    assert len(data) == 3563

    with pytest.raises(ServiceError) as refused:
        create(forum, author, upload(data))

    assert refused.value.code == "file_too_large"
    assert refused.value.message == "The file is 3.5\xa0KB; papers may be at most 1000\xa0bytes."


def test_page_limit_is_a_setting(settings):
    settings.PAPER_MAX_PAGES = 5

    assert check_pdf(make_pdf("Five", "x", pages=5)).pages == 5
    with pytest.raises(ServiceError) as refused:
        check_pdf(make_pdf("Six", "x", pages=6))
    assert refused.value.code == "pdf_too_many_pages"


def test_fifty_pages_is_the_default_limit():
    assert check_pdf(make_pdf("Fifty", "x", pages=50)).pages == 50
    with pytest.raises(ServiceError) as refused:
        check_pdf(make_pdf("Fifty-one", "x", pages=51))
    assert refused.value.code == "pdf_too_many_pages"


def test_inflation_budget_is_a_setting(settings):
    settings.PAPER_MAX_INFLATED_BYTES = 4 * MB

    assert check_pdf(zip_bomb_pdf(inflated_mb=3)).pages == 1
    with pytest.raises(ServiceError) as refused:
        check_pdf(zip_bomb_pdf(inflated_mb=5))
    assert refused.value.code == "pdf_too_complex"


def test_checker_killed_for_its_memory_is_a_refusal(settings):
    settings.PAPER_CHECK_MEMORY_MB = 8  # too little for the interpreter itself

    with pytest.raises(ServiceError) as refused:
        check_pdf(make_pdf("Fine", "x"))

    assert refused.value.code == "pdf_too_complex"


def test_name_and_content_type_do_not_matter(forum, author, media_root):
    data = make_pdf("Named oddly", "x")

    paper = create(forum, author, upload(data, name="paper.exe", content_type="text/plain"))

    version = paper.current_version
    assert version.sha256 == hashlib.sha256(data).hexdigest()
    assert version.size == len(data)
    assert version.original_name == "paper.exe"
    assert version.file.name.endswith(".pdf")
    with version.file.open("rb") as stored:
        assert stored.read() == data


def test_stored_names_are_random(forum, author, colleague, media_root):
    first = create(forum, author, upload(make_pdf("Same", "x")))
    second = create(forum, colleague, upload(make_pdf("Same", "x")))

    names = [first.current_version.file.name, second.current_version.file.name]
    assert names[0] != names[1]
    assert all(len(name) == len("papers/") + 32 + len(".pdf") for name in names)


def test_file_is_removed_when_the_transaction_fails(forum, author, media_root, monkeypatch):
    paper = make_paper(forum, author)
    before = stored_files(media_root)

    def collide(*args, **kwargs):
        raise IntegrityError("paper_version_number_unique")

    monkeypatch.setattr(PaperVersion.objects, "create", collide)
    with pytest.raises(IntegrityError):
        paper_add_version(actor=author.user, paper=paper, file=upload(make_pdf("v2", "x")))

    assert stored_files(media_root) == before


def test_checker_sees_only_bytes_never_the_name(monkeypatch):
    seen = {}
    real = pdf_module.subprocess.run

    def spy(command, **kwargs):
        seen["command"], seen["env"] = command, kwargs["env"]
        return real(command, **kwargs)

    monkeypatch.setattr(pdf_module.subprocess, "run", spy)
    check_pdf(make_pdf("Spy", "x"))

    assert seen["command"][1] == "-I"
    assert seen["env"] == {}
    assert seen["command"][2].endswith("pdfcheck.py")
    assert all(part.isdigit() for part in seen["command"][3:])


def test_a_file_missing_from_storage_is_answered_not_found(forum, author, media_root, client):
    paper = make_paper(forum, author)
    for path in media_root.rglob("*.pdf"):
        path.unlink()
    client.force_login(author.user)

    page = client.get(f"/papers/{paper.pk}/file/")
    api = client.get(f"/api/v1/papers/{paper.pk}/file/")

    assert page.status_code == 404
    assert page.content.decode() == (
        "The file of this paper is missing from the site's storage. "
        "The secretariat can ask its author to upload it again."
    )
    assert api.status_code == 404
    assert api.json()["detail"] == page.content.decode()
