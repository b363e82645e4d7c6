"""What is inside an accepted PDF: active content is refused at upload (nothing stored);
anonymous reviewers download a copy without the document's metadata, while the author's
side and the chairs get the file exactly as uploaded."""

import io

import pypdf
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    TextStringObject,
)
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from demo.pdfmake import make_pdf
from papers.models import PaperStatus, PaperVersion, PositionPaper
from papers.services import paper_claim, paper_create
from plenary.errors import ServiceError
from tests.papers.conftest import make_paper, stored_files

pytestmark = pytest.mark.django_db

ACTIVE_MESSAGE = (
    "This PDF contains active content (JavaScript, embedded files or actions that open "
    'other files or programs). Export it again as a plain PDF, for example with "Print to '
    'PDF", and upload the new file.'
)
XMP = (
    b'<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>'
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
    b'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
    b'<rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/">'
    b"<dc:creator><rdf:Seq><rdf:li>Amina Diallo</rdf:li></rdf:Seq></dc:creator>"
    b'</rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>'
)


def _writer():
    return pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(make_pdf("Housing", "Text."))))


def _bytes(writer) -> bytes:
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _action_link(writer, action: DictionaryObject) -> bytes:
    annotation = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject("/Link"),
            NameObject("/Rect"): ArrayObject([FloatObject(v) for v in (72, 72, 200, 90)]),
            NameObject("/A"): action,
        }
    )
    writer.pages[0][NameObject("/Annots")] = ArrayObject([writer._add_object(annotation)])
    return _bytes(writer)


def with_javascript():
    """A document-level script, in the catalog's /Names /JavaScript tree."""
    writer = _writer()
    script = DictionaryObject(
        {
            NameObject("/S"): NameObject("/JavaScript"),
            NameObject("/JS"): TextStringObject("app.alert('hello');"),
        }
    )
    tree = DictionaryObject(
        {NameObject("/Names"): ArrayObject([TextStringObject("hello"), writer._add_object(script)])}
    )
    writer._root_object[NameObject("/Names")] = DictionaryObject(
        {NameObject("/JavaScript"): writer._add_object(tree)}
    )
    return _bytes(writer)


def with_open_action_script():
    writer = _writer()
    writer._root_object[NameObject("/OpenAction")] = DictionaryObject(
        {
            NameObject("/S"): NameObject("/JavaScript"),
            NameObject("/JS"): TextStringObject("app.launchURL('http://example.org');"),
        }
    )
    return _bytes(writer)


def with_embedded_file():
    writer = _writer()
    writer.add_attachment("payload.exe", b"MZ\x90\x00")
    return _bytes(writer)


def with_launch_action():
    writer = _writer()
    action = DictionaryObject(
        {NameObject("/S"): NameObject("/Launch"), NameObject("/F"): TextStringObject("calc.exe")}
    )
    return _action_link(writer, action)


def with_web_link():
    writer = _writer()
    action = DictionaryObject(
        {
            NameObject("/S"): NameObject("/URI"),
            NameObject("/URI"): TextStringObject("https://example.org/report"),
        }
    )
    return _action_link(writer, action)


ACTIVE = {
    "document JavaScript": with_javascript,
    "script run on opening": with_open_action_script,
    "embedded file": with_embedded_file,
    "launch action": with_launch_action,
}


def upload(data):
    return SimpleUploadedFile("paper.pdf", data, content_type="application/pdf")


@pytest.mark.parametrize("kind", list(ACTIVE))
def test_active_content_is_refused_and_nothing_is_stored(forum, author, media_root, kind):
    with pytest.raises(ServiceError) as refused:
        paper_create(
            actor=author.user,
            forum=forum,
            title="Active",
            abstract="A file with active content.",
            language="en",
            file=upload(ACTIVE[kind]()),
        )

    assert (refused.value.code, refused.value.message) == ("pdf_active_content", ACTIVE_MESSAGE)
    assert (PositionPaper.objects.count(), PaperVersion.objects.count()) == (0, 0)
    assert stored_files(media_root) == []


def test_the_api_refuses_active_content_with_the_message(forum, author, media_root):
    client = APIClient()
    client.force_authenticate(author.user)

    response = client.post(
        "/api/v1/papers/",
        {
            "forum": forum.pk,
            "title": "Active",
            "abstract": "x",
            "language": "en",
            "file": upload(with_javascript()),
        },
        format="multipart",
    )

    assert (response.status_code, response.json()) == (
        400,
        {"detail": ACTIVE_MESSAGE, "code": "pdf_active_content"},
    )
    assert stored_files(media_root) == []


def test_a_paper_with_web_links_is_accepted(forum, author, media_root):
    paper = paper_create(
        actor=author.user,
        forum=forum,
        title="Links",
        abstract="References on the web.",
        language="en",
        file=upload(with_web_link()),
    )

    assert (paper.current_version.pages, len(stored_files(media_root))) == (1, 1)


def with_metadata() -> bytes:
    writer = _writer()
    writer.add_metadata({"/Author": "Amina Diallo", "/Title": "Dakar's housing plan"})
    xmp = DecodedStreamObject()
    xmp.set_data(XMP)
    xmp[NameObject("/Type")] = NameObject("/Metadata")
    xmp[NameObject("/Subtype")] = NameObject("/XML")
    writer._root_object[NameObject("/Metadata")] = writer._add_object(xmp)
    page_xmp = DecodedStreamObject()
    page_xmp.set_data(XMP)
    writer.pages[0][NameObject("/Metadata")] = writer._add_object(page_xmp)
    return _bytes(writer)


@pytest.fixture
def anonymous_paper(forum, author, reviewer):
    forum.anonymous_review = True
    forum.save()
    paper = make_paper(forum, author, status=PaperStatus.SUBMITTED)
    version = paper.current_version
    original = with_metadata()
    with version.file.open("wb") as handle:
        handle.write(original)
    paper_claim(actor=reviewer.user, paper=paper)
    return paper, original


def downloads(user, paper) -> list[bytes]:
    """The current file through the page, a version's page link and the API."""
    page = Client()
    page.force_login(user)
    api = APIClient()
    token, _created = Token.objects.get_or_create(user=user)
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    answers = [
        page.get(f"/papers/{paper.pk}/file/"),
        page.get(f"/papers/{paper.pk}/versions/1/file/"),
        api.get(f"/api/v1/papers/{paper.pk}/file/"),
    ]
    assert [answer.status_code for answer in answers] == [200, 200, 200]
    return [answer.content for answer in answers]


def test_an_anonymous_reviewer_gets_the_file_without_its_metadata(anonymous_paper, reviewer):
    paper, original = anonymous_paper

    for data in downloads(reviewer.user, paper):
        served = pypdf.PdfReader(io.BytesIO(data))
        assert (served.metadata, served.xmp_metadata, "/Metadata" in served.pages[0]) == (
            None,
            None,
            False,
        )
        assert (b"Amina" in data, b"Diallo" in data) == (False, False)
        assert (len(served.pages), "Text." in served.pages[0].extract_text()) == (1, True)
        assert data != original


def test_the_author_and_the_chairs_get_the_file_as_uploaded(anonymous_paper, author, chair):
    paper, original = anonymous_paper

    assert downloads(author.user, paper) == [original] * 3
    assert downloads(chair, paper) == [original] * 3


def test_without_anonymous_review_reviewers_get_the_file_as_uploaded(forum, author, reviewer):
    paper = make_paper(forum, author, status=PaperStatus.SUBMITTED)
    original = with_metadata()
    with paper.current_version.file.open("wb") as handle:
        handle.write(original)
    paper_claim(actor=reviewer.user, paper=paper)

    assert downloads(reviewer.user, paper) == [original] * 3


def test_the_call_says_the_text_is_the_authors_responsibility(client, forum, author):
    forum.anonymous_review = True
    forum.save()
    client.force_login(author.user)

    forum_page = client.get(forum.get_absolute_url()).text
    form_page = client.get(f"/papers/submit/{forum.event.slug}/{forum.slug}/").text

    notice = (
        "Review is anonymous: reviewers get your PDF without its document properties "
        "(author, title, software). The text itself is yours to keep anonymous: do not "
        "name yourself or your organization in it."
    )
    assert (notice in forum_page, notice in form_page) == (True, True)
