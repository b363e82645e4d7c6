"""Check that bytes on standard input are a readable, unencrypted PDF of acceptable size,
with no active content (scripts, embedded files, launch actions).

Run as a child process by ``papers.pdf.check_pdf``, never imported by the server:
an uploaded file is hostile until proven otherwise, so its parsing happens in a process
held to a memory and CPU limit, away from the server's event loop. It imports nothing
but the standard library and pypdf, and prints one JSON object:
``{"ok": true, "pages": N}`` or ``{"ok": false, "code": "...", "pages": N?}``.

Usage: python -I pdfcheck.py MAX_PAGES MAX_INFLATED_BYTES MEMORY_MB CPU_SECONDS < file.pdf

``python -I pdfcheck.py strip MEMORY_MB CPU_SECONDS < file.pdf`` writes to standard
output a copy of an accepted file without its document metadata (the information
dictionary, XMP streams, application data), for anonymous reviewers.
"""

import contextlib
import io
import json
import logging
import resource
import sys
import zlib

FLATE = {"/FlateDecode", "/Fl"}
# Image codecs are left encoded: nothing here renders images.
IMAGE_CODECS = {"/DCTDecode", "/DCT", "/JPXDecode", "/JBIG2Decode", "/CCITTFaxDecode", "/CCF"}
CHUNK = 1 << 20
MAX_FILTERS = 8

# Active content: what makes a viewer run code, open other files or carry files along.
# A paper is text for people to read; none of it has a place there.
ACTIVE_KEYS = frozenset({"/JS", "/JavaScript", "/EmbeddedFiles", "/EF", "/RichMedia", "/XFA"})
ACTIVE_ACTIONS = frozenset(
    {"/JavaScript", "/Launch", "/ImportData", "/SubmitForm", "/RichMediaExecute"}
)
ACTIVE_TYPES = frozenset({"/EmbeddedFile"})
ACTIVE_SUBTYPES = frozenset({"/FileAttachment", "/RichMedia"})


class Refused(Exception):
    def __init__(self, code: str, **extra):
        super().__init__(code)
        self.code = code
        self.extra = extra


def limit_resources(memory_mb: int, cpu_seconds: int) -> None:
    memory = memory_mb * 1024 * 1024
    for name, value in (
        ("RLIMIT_AS", memory),
        ("RLIMIT_CPU", cpu_seconds),
        ("RLIMIT_FSIZE", 0),
        ("RLIMIT_CORE", 0),
    ):
        limit = getattr(resource, name, None)
        if limit is None:
            continue
        # A platform without this limit keeps the others.
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(limit, (value, value))


class Budget:
    """Bytes that all decoded streams together may still expand to."""

    def __init__(self, limit: int):
        self.left = limit

    def spend(self, amount: int) -> None:
        self.left -= amount
        if self.left < 0:
            raise Refused("pdf_too_complex")


def inflate(data: bytes, budget: Budget, *, keep: bool) -> bytes:
    """Decompress zlib data in bounded chunks, charging the budget as output appears."""
    decompressor = zlib.decompressobj()
    kept = []
    pending = data
    while True:
        try:
            out = decompressor.decompress(pending, CHUNK)
        except zlib.error:
            # A damaged stream: viewers show what they can; nothing more comes out of it.
            break
        budget.spend(len(out))
        if keep:
            kept.append(out)
        pending = decompressor.unconsumed_tail
        if decompressor.eof or (not out and not pending):
            break
    return b"".join(kept)


def measure_stream(stream, budget: Budget) -> None:
    """Decode a stream as far as a viewer would, refusing when it expands beyond the budget."""
    from pypdf.errors import LimitReachedError

    filters = stream.get("/Filter")
    if filters is None:
        filters = []
    elif not isinstance(filters, list):
        filters = [filters]
    filters = [str(name) for name in filters]
    if len(filters) > MAX_FILTERS:
        raise Refused("pdf_damaged")
    data = stream._data or b""
    decodable = []
    for name in filters:
        if name in IMAGE_CODECS:
            break
        decodable.append(name)
    if all(name in FLATE for name in decodable):
        for index, _name in enumerate(decodable):
            data = inflate(data, budget, keep=index < len(decodable) - 1)
        return
    # Other filters (LZW, run length, ASCII): pypdf's decoders, within its own limits.
    try:
        decoded = stream.get_data()
    except LimitReachedError:
        raise Refused("pdf_too_complex") from None
    except NotImplementedError:
        return
    budget.spend(len(decoded))


def is_active(obj) -> bool:
    """Whether one dictionary (or a stream's dictionary) is active content."""
    if any(key in obj for key in ACTIVE_KEYS):
        return True
    return (
        obj.get("/S") in ACTIVE_ACTIONS
        or obj.get("/Type") in ACTIVE_TYPES
        or obj.get("/Subtype") in ACTIVE_SUBTYPES
    )


def find_active_content(reader) -> bool:
    """Walk every object reachable from the trailer (following references once each,
    inline dictionaries and arrays too) and tell whether any is active content."""
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

    seen: set[tuple[int, int]] = set()
    stack = [reader.trailer]
    while stack:
        item = stack.pop()
        if isinstance(item, IndirectObject):
            key = (item.idnum, item.generation)
            if key in seen:
                continue
            seen.add(key)
            item = item.get_object()
        if isinstance(item, DictionaryObject):
            if is_active(item):
                return True
            # dict.values: the stored values, references unresolved (resolved above, once).
            stack.extend(dict.values(item))
        elif isinstance(item, ArrayObject):
            stack.extend(list.__iter__(item))
    return False


def check(data: bytes, *, max_pages: int, max_inflated: int) -> dict:
    if not data.startswith(b"%PDF-"):
        raise Refused("not_a_pdf")
    if b"%%EOF" not in data[-1024:]:
        # Cut short in transfer or on disk: the end-of-file marker is missing.
        raise Refused("pdf_damaged")

    import pypdf
    from pypdf.errors import FileNotDecryptedError, LimitReachedError, PyPdfError
    from pypdf.generic import IndirectObject, StreamObject

    logging.getLogger("pypdf").setLevel(logging.CRITICAL)
    limit = max(max_inflated, 1)
    pypdf.overwrite_configuration(
        zlib_maximum_output_length=limit,
        lzw_maximum_output_length=limit,
        run_length_maximum_output_length=limit,
        array_based_stream_maximum_output_length=limit,
        maximum_declared_stream_length=limit,
        page_tree_maximum_entries=max(max_pages * 4, 1_000),
        jbig2dec_binary=None,
    )
    try:
        reader = pypdf.PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise Refused("pdf_encrypted")
        pages = len(reader.pages)
    except FileNotDecryptedError as error:
        raise Refused("pdf_encrypted") from error
    except LimitReachedError as error:
        raise Refused("pdf_too_complex") from error
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError) as error:
        raise Refused("pdf_damaged") from error
    if pages == 0:
        raise Refused("pdf_no_pages")
    if pages > max_pages:
        raise Refused("pdf_too_many_pages", pages=pages)

    budget = Budget(max_inflated)
    try:
        for page in reader.pages:
            # Every page of the page tree must resolve to a page dictionary.
            if page.get("/Type") not in (None, "/Page"):
                raise Refused("pdf_damaged")
        for generation, entries in list(reader.xref.items()):
            for number in list(entries):
                obj = IndirectObject(number, generation, reader).get_object()
                if isinstance(obj, StreamObject):
                    measure_stream(obj, budget)
        if find_active_content(reader):
            raise Refused("pdf_active_content")
    except LimitReachedError as error:
        raise Refused("pdf_too_complex") from error
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError) as error:
        raise Refused("pdf_damaged") from error
    return {"ok": True, "pages": pages}


def strip_metadata(data: bytes) -> bytes:
    """A copy of ``data`` without the information dictionary (/Author, /Title, /Creator,
    /Producer...), XMP metadata streams and /PieceInfo, on any object. Text and pages
    are left as they are."""
    import pypdf
    from pypdf.generic import DictionaryObject

    logging.getLogger("pypdf").setLevel(logging.CRITICAL)
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(data), strict=False))
    writer.metadata = None
    for obj in writer._objects:
        if isinstance(obj, DictionaryObject):
            for key in ("/Metadata", "/PieceInfo"):
                obj.pop(key, None)
    # The removed dictionaries and streams would otherwise still be written.
    writer.compress_identical_objects(remove_duplicates=False, remove_unreferenced=True)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def main_strip(argv: list[str]) -> int:
    memory_mb, cpu_seconds = (int(value) for value in argv[2:4])
    limit_resources(memory_mb, cpu_seconds)
    data = sys.stdin.buffer.read()
    try:
        stripped = strip_metadata(data)
    except Exception:  # a file that passed the check but defeats the writer
        return 2
    sys.stdout.buffer.write(stripped)
    sys.stdout.flush()
    return 0


def main(argv: list[str]) -> int:
    if len(argv) > 1 and argv[1] == "strip":
        return main_strip(argv)
    max_pages, max_inflated, memory_mb, cpu_seconds = (int(value) for value in argv[1:5])
    limit_resources(memory_mb, cpu_seconds)
    data = sys.stdin.buffer.read()
    try:
        result = check(data, max_pages=max_pages, max_inflated=max_inflated)
    except Refused as refused:
        result = {"ok": False, "code": refused.code, **refused.extra}
    except MemoryError:
        result = {"ok": False, "code": "pdf_too_complex"}
    except RecursionError:
        result = {"ok": False, "code": "pdf_too_complex"}
    except Exception as error:  # anything else a malformed file provokes in the parser
        result = {"ok": False, "code": "pdf_damaged", "error": type(error).__name__}
    sys.stdout.write(json.dumps(result))
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
