"""Files left behind by a rolled-back transaction are swept; referenced and recent ones stay."""

import datetime
import os

import pytest
from django.core.management import call_command
from django.db import transaction

from demo.pdfmake import make_pdf
from papers.models import PaperVersion
from papers.pdf import CheckedPdf, check_pdf, store_pdf
from papers.services import paper_create, paper_files_sweep
from tests.papers.conftest import make_paper, pdf_upload, stored_files

pytestmark = pytest.mark.django_db

TWO_HOURS_AGO = (datetime.datetime.now() - datetime.timedelta(hours=2)).timestamp()


def age(media_root, *names):
    for name in names:
        os.utime(media_root / name, (TWO_HOURS_AGO, TWO_HOURS_AGO))


def checked() -> CheckedPdf:
    return check_pdf(make_pdf("Left behind", "Cities speak."))


def test_a_rolled_back_upload_leaves_a_file_that_the_sweep_removes(media_root, forum, author):
    def upload_then_fail():
        with transaction.atomic():
            paper_create(
                actor=author.user,
                forum=forum,
                title="Never recorded",
                abstract="The outer transaction fails after the service returned.",
                language="en",
                file=pdf_upload(),
            )
            raise RuntimeError("a later step of the same request failed")

    with pytest.raises(RuntimeError):
        upload_then_fail()
    (left,) = stored_files(media_root)
    assert not PaperVersion.objects.exists()
    age(media_root, left)

    assert paper_files_sweep() == [left]
    assert stored_files(media_root) == []


def test_referenced_and_recent_files_stay(media_root, forum, author):
    paper = make_paper(forum, author)
    kept = paper.current_version.file.name
    recent = store_pdf(checked())
    old = store_pdf(checked())
    age(media_root, kept, old)

    assert paper_files_sweep(dry_run=True) == [old]
    assert sorted(stored_files(media_root)) == sorted([kept, recent, old])
    assert paper_files_sweep() == [old]
    assert sorted(stored_files(media_root)) == sorted([kept, recent])


def test_the_command_lists_what_it_deletes(media_root, capsys):
    old = store_pdf(checked())
    age(media_root, old)

    call_command("sweep_paper_files", "--dry-run")
    assert capsys.readouterr().out == f"{old}\n1 unreferenced file(s) would be deleted.\n"
    call_command("sweep_paper_files")
    assert capsys.readouterr().out == f"{old}\n1 unreferenced file(s) deleted.\n"
    call_command("sweep_paper_files")
    assert capsys.readouterr().out == "0 unreferenced file(s) deleted.\n"
    assert stored_files(media_root) == []


def test_nothing_stored_yet_sweeps_nothing(media_root):
    assert paper_files_sweep() == []
