"""Checking and decoding uploaded images, with limits a person understands.

* :func:`check_image` refuses, with a clear message, files that are not images (HTML or
  SVG renamed ``.png``, PDFs, …), formats we do not accept, files over
  ``LABSITE_IMAGE_MAX_BYTES``, images over ``LABSITE_IMAGE_MAX_PIXELS`` and images whose
  decoded pixels would take more than ``LABSITE_IMAGE_MAX_DECODED_BYTES`` of memory (a
  381 KB 16-bit PNG can need 400 MB). Both are computed from the header *before* anything
  is decoded, so a tiny file declaring 30000×30000 pixels never reaches the decoder.
* An upload is decoded once: :func:`decode_image` keeps the pixels on the file object, so
  the form field, the model validator and the re-encoding (labsite/images.py) share one
  decode, and :func:`forget_decoded` frees them.
"""

from __future__ import annotations

import contextlib
import io
import warnings
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from PIL import Image, UnidentifiedImageError

# Limits are read when an image is checked, from config/settings.py (LABSITE_IMAGE_*):
# 10 MB files; 50 megapixels (a 48 MP phone photo passes; decoding it needs about 150 MB at
# most); 100 MB of decoded pixels (25 MP of 8-bit RGBA, or 7000×7000 16-bit grey).
# The largest side any stored image has (markdown images); JPEGs decode at a reduced scale
# down to this, which is cheap and still enough for every size we write.
DECODE_SIDE = 2000

# Pillow only ever tries these decoders on uploads (no EPS/Ghostscript, no exotic parsers).
# (Multi-picture JPEGs from phones open through the JPEG decoder.)
ACCEPTED_FORMATS = ("JPEG", "PNG", "WEBP", "GIF")
ACCEPTED_LABEL = "JPEG, PNG or WebP"


def max_bytes() -> int:
    return settings.LABSITE_IMAGE_MAX_BYTES


def max_pixels() -> int:
    return settings.LABSITE_IMAGE_MAX_PIXELS


def max_decoded_bytes() -> int:
    return settings.LABSITE_IMAGE_MAX_DECODED_BYTES


@dataclass(frozen=True)
class ImageInfo:
    format: str
    width: int
    height: int


@dataclass(frozen=True)
class DecodedImage:
    image: Image.Image  # loaded (first frame), possibly at a reduced JPEG scale
    info: ImageInfo


def _read_head(file, size: int = 512) -> bytes:
    position = file.tell() if hasattr(file, "tell") else 0
    head = file.read(size)
    file.seek(position)
    return head or b""


def _file_size(file) -> int:
    size = getattr(file, "size", None)
    if size is not None:
        return size
    position = file.tell()
    file.seek(0, io.SEEK_END)
    size = file.tell()
    file.seek(position)
    return size


def _not_an_image_message(head: bytes) -> str:
    """Names what the file really is, when we can tell, so the message is useful."""
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith(b"<") or b"<svg" in text or b"<html" in text:
        if b"<svg" in text:
            return (
                "This file is an SVG drawing, not a photo. SVG files can carry scripts and are "
                f"not accepted: export it as {ACCEPTED_LABEL}."
            )
        return (
            "This file is text (HTML or XML) with an image name, not an image. "
            f"Upload a {ACCEPTED_LABEL} file."
        )
    if head.startswith(b"%PDF"):
        return f"This file is a PDF, not an image. Upload a {ACCEPTED_LABEL} file."
    known = {
        b"II*\x00": "TIFF",
        b"MM\x00*": "TIFF",
        b"BM": "BMP",
        b"\x00\x00\x01\x00": "ICO",
        b"8BPS": "Photoshop (PSD)",
    }
    for magic, name in known.items():
        if head.startswith(magic):
            return f"{name} images are not supported. Save the image as {ACCEPTED_LABEL}."
    if head[4:8] == b"ftyp":
        brand = head[8:12]
        name = "AVIF" if brand.startswith(b"avi") else "HEIC/HEIF"
        return (
            f"{name} images are not supported yet. Save the photo as {ACCEPTED_LABEL} "
            "(most phones can export JPEG)."
        )
    return f"This file is not an image, or it is damaged. Upload a {ACCEPTED_LABEL} file."


def _too_many_pixels_message(width: int | None = None, height: int | None = None) -> str:
    limit = f"{max_pixels() / 1_000_000:g} megapixels"
    if width and height:
        return (
            f"The image is too large: {width}×{height} pixels "
            f"({width * height / 1_000_000:.0f} megapixels). The limit is {limit}; "
            "please resize it before uploading."
        )
    return f"The image declares more pixels than the limit of {limit}; it was refused."


def _open(file) -> Image.Image:
    """Opens the upload with our accepted decoders only; reads the header, decodes nothing."""
    file.seek(0)
    try:
        with warnings.catch_warnings():
            # We apply our own (lower) pixel limit right after this; silence Pillow's warning.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            return Image.open(file, formats=ACCEPTED_FORMATS)
    except Image.DecompressionBombError as error:
        raise ValidationError(_too_many_pixels_message(), code="image_too_many_pixels") from error
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as error:
        file.seek(0)
        raise ValidationError(
            _not_an_image_message(_read_head(file)), code="not_an_image"
        ) from error


def _check_header(image: Image.Image) -> ImageInfo:
    width, height = image.size
    if width < 1 or height < 1:
        raise ValidationError("The image has no pixels.", code="not_an_image")
    if width * height > max_pixels():
        raise ValidationError(_too_many_pixels_message(width, height), code="image_too_many_pixels")
    return ImageInfo(format=image.format or "", width=width, height=height)


def _sixteen_bit(image: Image.Image) -> bool:
    """16 bits per sample in the file: Pillow may still open it as 8-bit "RGB"/"RGBA"."""
    raw_modes = " ".join(str(tile.args) for tile in image.tile or ())
    return image.mode.startswith("I;16") or ";16" in raw_modes


def decoded_bytes(image: Image.Image) -> int:
    """Memory the pixels take once decoded, from the header alone (after any JPEG draft):
    the larger of Pillow's own storage (1, 2 or 4 bytes a pixel) and the file's samples
    (16-bit modes counted as 2 bytes a sample)."""
    width, height = image.size
    mode = image.mode
    storage = 1 if mode in ("1", "L", "P") else 2 if mode.startswith("I;16") else 4
    sample = 2 if _sixteen_bit(image) else 4 if mode in ("I", "F") else 1
    return width * height * max(storage, len(image.getbands()) * sample)


def _check_decoded_bytes(image: Image.Image) -> None:
    needed = decoded_bytes(image)
    if needed > max_decoded_bytes():
        width, height = image.size
        bits = 16 if _sixteen_bit(image) else 32 if image.mode in ("I", "F") else 8
        advice = "8 bits per channel or fewer pixels" if bits > 8 else "fewer pixels"
        raise ValidationError(
            f"The image is too large to open: {width}×{height} pixels at {bits} bits per "
            f"channel would take {filesizeformat(needed)} of memory; the limit is "
            f"{filesizeformat(max_decoded_bytes())}. Save it with {advice} and upload it again.",
            code="image_too_many_bytes",
        )


_DECODED_ATTRIBUTE = "_labsite_decoded_image"


def decode_image(file) -> DecodedImage:
    """Checks ``file`` and decodes it, once: the result is kept on the file object, so the
    form field, the model validator and the re-encoding of one upload share it.

    Raises ValidationError with a clear message unless it is an image we accept. The checks
    go from cheap to expensive: byte size, header (format, declared pixels, decoded bytes),
    then the decode itself (truncated or corrupt files fail here).
    """
    cached = getattr(file, _DECODED_ATTRIBUTE, None)
    if cached is not None:
        return cached
    size = _file_size(file)
    if size == 0:
        raise ValidationError("The file is empty.", code="empty")
    if size > max_bytes():
        raise ValidationError(
            f"The file is too big ({filesizeformat(size)}). The limit is "
            f"{filesizeformat(max_bytes())}; please upload a smaller image.",
            code="file_too_big",
        )
    image = _open(file)
    try:
        info = _check_header(image)
        try:
            image.seek(0)  # first frame of an animation (before draft, which seek would undo)
            image.draft(None, (DECODE_SIDE, DECODE_SIDE))  # JPEG: decode at 1/2..1/8 scale
            _check_decoded_bytes(image)
            image.load()
        except (OSError, ValueError, SyntaxError, EOFError, Image.DecompressionBombError) as error:
            raise ValidationError(
                "The image is damaged or incomplete (it could not be decoded). "
                "Please export it again and upload the new file.",
                code="corrupt_image",
            ) from error
    finally:
        # No image.close(): it would close the caller's file, which we only borrowed.
        file.seek(0)
    decoded = DecodedImage(image=image, info=info)
    with contextlib.suppress(AttributeError):  # a file type without attributes: no reuse
        setattr(file, _DECODED_ATTRIBUTE, decoded)
    return decoded


def forget_decoded(file) -> None:
    """Frees the pixels kept on ``file`` once they have been re-encoded."""
    with contextlib.suppress(AttributeError):
        delattr(file, _DECODED_ATTRIBUTE)


def check_image(file) -> ImageInfo:
    """Raises ValidationError with a clear message unless ``file`` is an image we accept
    (see :func:`decode_image`, whose decode later steps reuse)."""
    return decode_image(file).info
