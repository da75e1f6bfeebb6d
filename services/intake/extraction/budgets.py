"""Decoding budgets: how many pages, pixels and unpacked bytes one document may make us decode.

A 3 KB PDF can hold a 40,000 x 40,000 pixel image (1.6 GB once decoded) and a 1 KB PDF a content
stream that unpacks to 300 MB; pdfium decodes whatever a page asks for when it renders or reads its
text. So before pdfium opens a document, its structure is read with pypdf (no pixel is decoded):

- the page count;
- every image XObject's size: the /Width and /Height its dictionary declares and, for JPEG and
  JPEG 2000 images, the size in the image's own header (pdfium trusts the header when they
  differ); inline images (BI ... ID) in the page content too;
- every other stream (page content, form XObjects, fonts, ...) is unpacked with pypdf's own output
  limits (`zlib_maximum_output_length` and friends, `LimitReachedError`), one stream at a time, so
  checking costs at most one stream budget of memory and no stream is ever held whole.

Raster uploads (PNG, JPEG, TIFF) are measured from their headers with Pillow, frame by frame.
Anything over budget raises `UnreadableDocument` with one plain line for the vendor and staff.
"""

from __future__ import annotations

import io
import logging
import re
from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from services.intake.extraction.errors import UnreadableDocument

MiB = 1024 * 1024
_log = logging.getLogger(__name__)

# Filters pypdf unpacks in memory (JBIG2 would start the jbig2dec program; images are not unpacked).
_UNPACKED_FILTERS = frozenset(
    {"/FlateDecode", "/Fl", "/LZWDecode", "/LZW", "/ASCIIHexDecode", "/AHx", "/ASCII85Decode", "/A85"}
    | {"/RunLengthDecode", "/RL", "/Crypt"}
)
_HEADER_SIZED_FILTERS = frozenset({"/DCTDecode", "/DCT", "/JPXDecode"})
_COMPONENTS = {"/DeviceGray": 1, "/G": 1, "/CalGray": 1, "/DeviceCMYK": 4, "/CMYK": 4, "/Indexed": 1, "/I": 1}
# An inline image's dictionary: `BI /W 100 /H 100 ... ID`.
_INLINE_IMAGE = re.compile(rb"(?<![A-Za-z])BI\s(.{0,4096}?)\sID[\s\x00]", re.DOTALL)
_INLINE_WIDTH = re.compile(rb"/(?:W|Width)\s+(\d{1,12})")
_INLINE_HEIGHT = re.compile(rb"/(?:H|Height)\s+(\d{1,12})")


class DecodingBudgets(BaseModel):
    """Per-document limits, checked before anything is decoded (intake settings: `DECODING__*`).

    Each can only tighten what the readers themselves allow (30 pages, 60 megapixels per image).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    max_pages: int = Field(default=30, ge=1, le=30)
    # A letter page at 300 dpi is ~8.4 Mpx; a phone photo up to ~50 Mpx.
    max_image_pixels: int = Field(default=60_000_000, ge=1_000_000, le=60_000_000)
    # Unpacked size of one stream (a page's content, a form XObject, a font). An ACORD 25 page's
    # content is well under 1 MB; vector-heavy pages reach a few MB.
    max_stream_bytes: int = Field(default=32 * MiB, ge=1 * MiB, le=256 * MiB)
    # All drawing instructions of the document (page content, forms, patterns, glyph procedures),
    # unpacked. pdfium holds a page's parsed content at ~20 times its size and takes its time: 31 MB
    # of dense paths on one page peak at ~670 MB and take ~80 s. An ACORD page is 0.1-2 MB even
    # with its text drawn as outlines, so 16 MB leaves room for a packet and for the Lambda's 120 s.
    max_content_bytes: int = Field(default=16 * MiB, ge=1 * MiB, le=64 * MiB)
    # All streams and all images of the document, unpacked (a 30-page colour scan at 300 dpi is ~760 MB).
    max_document_bytes: int = Field(default=1024 * MiB, ge=16 * MiB, le=2048 * MiB)
    # Pixels of one page rendered for OCR; bigger pages are rendered at a lower resolution.
    max_render_pixels: int = Field(default=40_000_000, ge=1_000_000, le=100_000_000)


DEFAULT_BUDGETS = DecodingBudgets()


def _millions(pixels: int) -> str:
    return f"{pixels / 1_000_000:,.0f} million" if pixels >= 1_000_000 else f"{pixels:,}"


def _too_many_pixels(
    width: int, height: int, budgets: DecodingBudgets, *, in_pdf: bool
) -> UnreadableDocument:
    size = f"{width:,} × {height:,} pixels"
    limit = _millions(budgets.max_image_pixels)
    if in_pdf:
        return UnreadableDocument(f"the file holds an image of {size}, more than the {limit} pixels we read")
    return UnreadableDocument(f"the image is too large to read: {size}, more than the {limit} we read")


# -- raster uploads ---------------------------------------------------------------------------


def guard_pillow(budgets: DecodingBudgets = DEFAULT_BUDGETS) -> None:
    """Pillow's own guard (DecompressionBombError) for every later Image.open in the engines, set
    from this document's budgets: it is process-wide, so each document sets it afresh rather than
    inheriting whatever an earlier one left."""
    from PIL import Image

    Image.MAX_IMAGE_PIXELS = budgets.max_image_pixels


def check_raster(data: bytes, budgets: DecodingBudgets = DEFAULT_BUDGETS) -> tuple[int, int]:
    """The first frame's size of a PNG, JPEG or TIFF, every frame measured from its header only."""
    guard_pillow(budgets)
    try:
        image = _header_only(data)
        with image:
            first = image.size
            frames = 0
            for width, height in _frame_sizes(image, budgets.max_pages + 1):
                frames += 1
                if width * height > budgets.max_image_pixels:
                    raise _too_many_pixels(width, height, budgets, in_pdf=False)
    except UnreadableDocument:
        raise
    except Exception:
        raise UnreadableDocument("the image is damaged or not a supported image") from None
    if frames > budgets.max_pages:
        raise UnreadableDocument(
            f"the image has more than {budgets.max_pages} pages; the limit is {budgets.max_pages}"
        )
    return first


def _header_only(data: bytes) -> Any:
    """The image's plugin object: its header is parsed, no pixel decoded, and, unlike `Image.open`,
    no decompression-bomb refusal yet, so the message can give the real size."""
    from PIL import JpegImagePlugin, PngImagePlugin, TiffImagePlugin

    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PngImagePlugin.PngImageFile(io.BytesIO(data))
    if data.startswith(b"\xff\xd8\xff"):
        return JpegImagePlugin.JpegImageFile(io.BytesIO(data))
    if data.startswith((b"II*\x00", b"MM\x00*")):
        return TiffImagePlugin.TiffImageFile(io.BytesIO(data))
    raise ValueError("not a PNG, JPEG or TIFF")


def _frame_sizes(image: Any, limit: int) -> Iterator[tuple[int, int]]:
    """(width, height) of each frame, read from the frame headers (a TIFF's pages can differ)."""
    for index in range(min(getattr(image, "n_frames", 1), limit)):
        image.seek(index)
        yield image.size


# -- PDFs -------------------------------------------------------------------------------------


class _Tally:
    def __init__(self, budgets: DecodingBudgets) -> None:
        self.budgets = budgets
        self.unpacked = 0
        self.content = 0

    def drawing(self, size: int) -> None:
        self.content += size
        if self.content > self.budgets.max_content_bytes:
            limit = self.budgets.max_content_bytes // MiB
            raise UnreadableDocument(
                f"the file's page content unpacks to more than {limit:,} MB, more than we read"
            )
        self.add(size)

    def add(self, size: int) -> None:
        self.unpacked += size
        if self.unpacked > self.budgets.max_document_bytes:
            limit = self.budgets.max_document_bytes // MiB
            raise UnreadableDocument(
                f"the file unpacks to more than {limit:,} MB of images and page content, more than we read"
            )

    def image(self, width: int, height: int, bits_per_pixel: int) -> None:
        if width * height > self.budgets.max_image_pixels:
            raise _too_many_pixels(width, height, self.budgets, in_pdf=True)
        self.add(width * height * bits_per_pixel // 8)


def check_pdf(data: bytes, budgets: DecodingBudgets = DEFAULT_BUDGETS) -> None:
    """Refuse a PDF whose pages, images or unpacked streams exceed the budgets, before pdfium reads it."""
    from pypdf import apply_configuration
    from pypdf.errors import LimitReachedError

    limit = budgets.max_stream_bytes
    # pypdf's own output limits, one stream budget each, also while it reads object streams.
    with apply_configuration(
        zlib_maximum_output_length=limit,
        lzw_maximum_output_length=limit,
        run_length_maximum_output_length=limit,
        array_based_stream_maximum_output_length=limit,
        stream_decoding_work_maximum_length=4 * limit,
    ):
        try:
            _check_pdf(data, budgets)
        except LimitReachedError:
            raise _stream_too_large(budgets) from None


def _check_pdf(data: bytes, budgets: DecodingBudgets) -> None:
    try:
        reader, pages = _structure(data)
    except _Unparsable:
        # Damaged in a way pdfium repairs (a cut-off end, a broken xref): measure what pdfium sees,
        # its repaired copy (saving copies the objects; it decodes no stream).
        reader, pages = _structure(_repaired_by_pdfium(data))
    if pages > budgets.max_pages:
        raise UnreadableDocument(f"the PDF has {pages} pages; the limit is {budgets.max_pages}")
    tally = _Tally(budgets)
    for stream in _streams(reader):
        if stream.get("/Subtype") == "/Image":
            _check_image_stream(stream, tally)
        else:
            _check_stream(stream, tally)


class _Unparsable(Exception):
    pass


def _structure(data: bytes) -> tuple[Any, int]:
    """pypdf's reader over the file (decrypted with the empty password if need be) and its page count."""
    from pypdf import PdfReader
    from pypdf.errors import LimitReachedError

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise UnreadableDocument("the PDF is encrypted (password protected)")
        return reader, len(reader.pages)
    except (UnreadableDocument, LimitReachedError):
        raise
    except NotImplementedError:  # an encryption pypdf cannot undo; pdfium cannot either
        raise UnreadableDocument("the PDF is encrypted (password protected)") from None
    except Exception:
        raise _Unparsable from None


def _repaired_by_pdfium(data: bytes) -> bytes:
    import pypdfium2 as pdfium

    from services.intake.extraction.pdfium_guard import PDFIUM_LOCK

    damaged = UnreadableDocument("the PDF is damaged and cannot be opened")
    buffer = io.BytesIO()
    with PDFIUM_LOCK:
        try:
            document = pdfium.PdfDocument(data)
        except pdfium.PdfiumError as error:
            if "password" in str(error).lower():
                raise UnreadableDocument("the PDF is encrypted (password protected)") from None
            raise damaged from None
        try:
            document.save(buffer)
        except Exception:
            raise damaged from None
        finally:
            document.close()
    try:
        _structure(buffer.getvalue())
    except _Unparsable:
        raise damaged from None
    return buffer.getvalue()


def _streams(reader: Any) -> Iterator[Any]:
    """Every stream in the file (streams are always indirect objects, so the xref lists them all)."""
    from pypdf.errors import LimitReachedError
    from pypdf.generic import IndirectObject, StreamObject

    for generation, entries in list(reader.xref.items()):
        for number in list(entries):
            try:
                obj = reader.get_object(IndirectObject(number, generation, reader))
            except LimitReachedError:
                raise
            except Exception as error:  # a damaged object: pdfium skips it or refuses the file itself
                _log.debug("object %s unreadable: %s", number, error)
                continue
            if isinstance(obj, StreamObject):
                yield obj


def _filters(stream: Any) -> list[str]:
    value = stream.get("/Filter")
    if value is None:
        return []
    value = value.get_object()
    names = value if isinstance(value, list) else [value]
    return [str(name.get_object()) for name in names]


def _decoded(stream: Any, budgets: DecodingBudgets) -> bytes | None:
    """The stream unpacked within pypdf's output limits (set by `check_pdf` to one stream budget);
    None when pypdf cannot unpack it (pdfium then cannot either, or it is not ours to measure)."""
    from pypdf.errors import LimitReachedError
    from pypdf.filters import decode_stream_data

    try:
        return decode_stream_data(stream)
    except LimitReachedError:
        raise _stream_too_large(budgets) from None
    except Exception:
        return None


def _stream_too_large(budgets: DecodingBudgets) -> UnreadableDocument:
    limit = budgets.max_stream_bytes // MiB
    return UnreadableDocument(
        f"the file holds content that unpacks to more than {limit:,} MB, more than we read"
    )


def _without_last_filter(stream: Any) -> Any:
    """The stream with its last filter left packed: what pdfium unpacks whole before it decodes an
    image row by row (the last filter) or from its header (JPEG, JPEG 2000)."""
    from pypdf.generic import ArrayObject, NameObject, StreamObject

    prefix = StreamObject()
    prefix._data = stream._data
    prefix[NameObject("/Filter")] = ArrayObject(NameObject(name) for name in _filters(stream)[:-1])
    parms = stream.get("/DecodeParms")
    parms = parms.get_object() if parms is not None else None
    if isinstance(parms, list):
        prefix[NameObject("/DecodeParms")] = ArrayObject(parms[:-1])
    return prefix


def _is_drawing(stream: Any) -> bool:
    """Page content, a form XObject, a tiling pattern or a Type 3 glyph: instructions pdfium parses
    into objects. Fonts, colour profiles, metadata and object streams carry keys of their own."""
    if stream.get("/Subtype") == "/Form" or "/PatternType" in stream:
        return True
    return not any(key in stream for key in ("/Type", "/Subtype", "/Length1", "/Length2", "/Length3", "/N"))


def _check_stream(stream: Any, tally: _Tally) -> None:
    filters = _filters(stream)
    if filters and not set(filters) <= _UNPACKED_FILTERS:
        return
    unpacked = _decoded(stream, tally.budgets) if filters else stream._data
    if unpacked is None:
        return
    if len(unpacked) > tally.budgets.max_stream_bytes:
        raise _stream_too_large(tally.budgets)
    if _is_drawing(stream):
        tally.drawing(len(unpacked))
        _check_inline_images(unpacked, tally)
    else:
        tally.add(len(unpacked))


def _check_inline_images(content: bytes, tally: _Tally) -> None:
    if b"ID" not in content:
        return
    for match in _INLINE_IMAGE.finditer(content):
        header = match.group(1)
        width, height = _INLINE_WIDTH.search(header), _INLINE_HEIGHT.search(header)
        if width and height:
            tally.image(int(width.group(1)), int(height.group(1)), 8)


def _number(stream: Any, *keys: str) -> int:
    for key in keys:
        value = stream.get(key)
        if value is not None:
            value = value.get_object()
            if isinstance(value, int | float) and not isinstance(value, bool):
                return max(0, int(value))
    return 0


def _bits_per_pixel(stream: Any) -> int:
    if stream.get("/ImageMask"):
        return 1
    space = stream.get("/ColorSpace")
    space = space.get_object() if space is not None else None
    if isinstance(space, list) and space:
        family = str(space[0])
        if family == "/ICCBased" and len(space) > 1:
            components = _number(space[1].get_object(), "/N") or 3
        else:
            components = _COMPONENTS.get(family, 3)
    else:
        components = _COMPONENTS.get(str(space), 3)
    return max(1, _number(stream, "/BitsPerComponent") or 8) * components


def _check_image_stream(stream: Any, tally: _Tally) -> None:
    width, height = _number(stream, "/Width", "/W"), _number(stream, "/Height", "/H")
    # A fax or predictor row can declare more columns and rows than the image: decoders size by them.
    parms = stream.get("/DecodeParms")
    parms = parms.get_object() if parms is not None else None
    for item in parms if isinstance(parms, list) else [parms]:
        entry = item.get_object() if item is not None else None
        if isinstance(entry, dict):
            width = max(width, _number(entry, "/Columns"))
            height = max(height, _number(entry, "/Rows"))
    if width * height > tally.budgets.max_image_pixels:
        raise _too_many_pixels(width, height, tally.budgets, in_pdf=True)
    filters = _filters(stream)
    packed: bytes | None = stream._data
    if len(filters) > 1:
        if not set(filters[:-1]) <= _UNPACKED_FILTERS:
            packed = None
        else:
            packed = _decoded(_without_last_filter(stream), tally.budgets)
            tally.add(len(packed or b""))
    if filters and filters[-1] in _HEADER_SIZED_FILTERS and packed:
        width, height = max((width, height), _encoded_image_size(packed), key=lambda size: size[0] * size[1])
    tally.image(width, height, _bits_per_pixel(stream))


def _encoded_image_size(data: bytes) -> tuple[int, int]:
    """The size a JPEG or JPEG 2000 image's own header gives ((0, 0) when it cannot be read)."""
    from PIL import Jpeg2KImagePlugin, JpegImagePlugin

    try:
        if data.startswith(b"\xff\xd8"):
            with JpegImagePlugin.JpegImageFile(io.BytesIO(data)) as image:
                return image.size
        with Jpeg2KImagePlugin.Jpeg2KImageFile(io.BytesIO(data)) as image:
            return image.size
    except Exception:
        return 0, 0
