"""Uploaded images: validated with Pillow, re-encoded so nothing but pixels survives, resized.

Used by people photos, lab logos and icons, and publication thumbnails.

* :func:`check_image` refuses, with a message a person understands, files that are not
  images (HTML or SVG renamed ``.png``, PDFs, …), formats we do not accept, files over
  ``LABSITE_IMAGE_MAX_BYTES`` and images over ``LABSITE_IMAGE_MAX_PIXELS``. The pixel count
  is read from the header *before* anything is decoded, so a tiny file declaring
  30000×30000 pixels (a decompression bomb) never reaches the decoder.
* :func:`process_image` applies the EXIF orientation, converts to sRGB, and writes fresh
  JPEGs from the pixels alone: EXIF (GPS position, camera serial numbers), XMP, comments
  and anything appended to the file are gone.
* :class:`ProcessedImageField` is a model ``ImageField`` whose form field runs
  :func:`check_image` first, so admin uploads get these messages on the form instead of
  Django's generic "Upload a valid image".
"""

from __future__ import annotations

import contextlib
import io
import secrets
import warnings
from dataclasses import dataclass, field

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import models
from django.db.models.fields.files import FieldFile
from django.template.defaultfilters import filesizeformat
from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
# 50 megapixels: a 48 MP phone photo passes; decoding it needs about 150 MB at most.
DEFAULT_MAX_PIXELS = 50_000_000

# Pillow only ever tries these decoders on uploads (no EPS/Ghostscript, no exotic parsers).
# (Multi-picture JPEGs from phones open through the JPEG decoder.)
ACCEPTED_FORMATS = ("JPEG", "PNG", "WEBP", "GIF")
ACCEPTED_LABEL = "JPEG, PNG or WebP"

OUTPUT_FORMAT = "JPEG"
OUTPUT_EXTENSION = "jpg"
OUTPUT_CONTENT_TYPE = "image/jpeg"
JPEG_QUALITY = 85


def max_bytes() -> int:
    return getattr(settings, "LABSITE_IMAGE_MAX_BYTES", DEFAULT_MAX_BYTES)


def max_pixels() -> int:
    return getattr(settings, "LABSITE_IMAGE_MAX_PIXELS", DEFAULT_MAX_PIXELS)


@dataclass(frozen=True)
class ImageInfo:
    format: str
    width: int
    height: int


@dataclass(frozen=True)
class EncodedImage:
    data: bytes
    width: int
    height: int


@dataclass
class ProcessedImage:
    """The re-encoded image (bounded) and its square crops, keyed by width."""

    main: EncodedImage
    squares: dict[int, EncodedImage] = field(default_factory=dict)
    extension: str = OUTPUT_EXTENSION


# --- Validation -------------------------------------------------------------------------------


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


def check_image(file) -> ImageInfo:
    """Raises ValidationError with a clear message unless ``file`` is an image we accept.

    The checks go from cheap to expensive: byte size, header (format and declared pixel
    count), then a full decode at reduced scale to catch truncated or corrupt files.
    """
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
            image.draft(None, (1024, 1024))  # JPEG decodes at 1/2..1/8 scale: cheap and enough
            image.load()
        except (OSError, ValueError, SyntaxError, Image.DecompressionBombError) as error:
            raise ValidationError(
                "The image is damaged or incomplete (it could not be decoded). "
                "Please export it again and upload the new file.",
                code="corrupt_image",
            ) from error
    finally:
        # No image.close(): it would close the caller's file, which we only borrowed.
        file.seek(0)
    return info


def validate_image_upload(value) -> None:
    """Model field validator: checks new uploads; files we stored ourselves are trusted."""
    if not value:
        return
    if isinstance(value, FieldFile):
        if value._committed:
            return
        value = value.file
    check_image(value)


# --- Re-encoding ------------------------------------------------------------------------------


def _to_srgb(image: Image.Image) -> Image.Image:
    """RGB pixels in sRGB, whatever came in (CMYK, palette, alpha, 16-bit, wide gamut)."""
    icc = image.info.get("icc_profile")
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        background = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        background.alpha_composite(rgba)
        image = background
    if icc and image.mode in ("RGB", "RGBA", "CMYK"):
        try:
            return ImageCms.profileToProfile(
                image.convert("RGB") if image.mode == "RGBA" else image,
                ImageCms.ImageCmsProfile(io.BytesIO(icc)),
                ImageCms.createProfile("sRGB"),
                outputMode="RGB",
            )
        except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
            pass  # a broken profile: plain conversion below is close enough
    if image.mode in ("I", "I;16", "I;16B", "I;16L", "F"):
        image = image.convert("I").point(lambda value: value / 256).convert("L")
    return image.convert("RGB")


def _encode(image: Image.Image) -> EncodedImage:
    # A fresh image carries no metadata at all: only the pixels are copied.
    buffer = io.BytesIO()
    if image.mode == "RGBA":  # logos and icons keep their transparency, as PNG
        clean = Image.new("RGBA", image.size)
        clean.paste(image)
        clean.save(buffer, "PNG", optimize=True)
    else:
        clean = Image.new("RGB", image.size)
        clean.paste(image)
        clean.save(buffer, OUTPUT_FORMAT, quality=JPEG_QUALITY, optimize=True, progressive=True)
    return EncodedImage(buffer.getvalue(), clean.width, clean.height)


def _has_alpha(image: Image.Image) -> bool:
    return image.mode in ("RGBA", "LA", "PA") or (
        image.mode == "P" and "transparency" in image.info
    )


def process_image(
    file,
    *,
    max_side: int = 1200,
    squares: tuple[int, ...] = (),
    focus: tuple[float, float] = (0.5, 0.5),
    keep_alpha: bool = False,
) -> ProcessedImage:
    """Checks ``file``, then returns it re-encoded within ``max_side`` plus square crops.

    Images are never enlarged: a square wider than the image is made at the image's own
    size (and sizes that come out the same are made once). ``focus`` is where crops centre
    (x, y in 0..1); portraits use a point above the middle, where faces are.
    ``keep_alpha``: an image with transparency stays transparent (PNG) instead of being
    flattened on white (logos, icons).
    """
    check_image(file)
    image = _open(file)
    try:
        image.seek(0)  # first frame of an animation (before draft, which seek would undo)
        largest = max((max_side, *squares))
        image.draft(None, (largest, largest))
        image.load()
        try:
            oriented = ImageOps.exif_transpose(image)
        except (OSError, ValueError, TypeError, KeyError, SyntaxError):
            oriented = image  # unreadable EXIF: keep the pixels as stored
        transparent = keep_alpha and _has_alpha(oriented)
        pixels = oriented.convert("RGBA") if transparent else _to_srgb(oriented)
    finally:
        file.seek(0)

    main = pixels.copy()
    main.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
    result = ProcessedImage(main=_encode(main), extension="png" if transparent else "jpg")
    shortest = min(pixels.size)
    for target in sorted(set(squares)):
        side = min(target, shortest)
        if side in {encoded.width for encoded in result.squares.values()}:
            continue
        crop = ImageOps.fit(pixels, (side, side), Image.Resampling.LANCZOS, centering=focus)
        result.squares[target] = _encode(crop)
    return result


# --- Storage ----------------------------------------------------------------------------------


def lab_media_dir(lab_slug: str, *parts: str) -> str:
    """Uploads are kept per lab: ``labs/<lab-slug>/<part>/…``."""
    return "/".join(["labs", lab_slug, *parts])


@dataclass(frozen=True)
class StoredImage:
    name: str  # storage name of the bounded image
    sizes: dict[str, str]  # {"160": storage name, ...} of the square crops, by actual width


def store_processed(processed: ProcessedImage, *, directory: str, stem: str, storage=None):
    """Saves the files under ``directory`` with a random part (new URL, no stale caches)."""
    storage = storage or default_storage
    token = secrets.token_hex(4)
    saved: list[str] = []
    try:
        name = storage.save(
            f"{directory}/{stem}-{token}.{processed.extension}",
            ContentFile(processed.main.data),
        )
        saved.append(name)
        sizes = {}
        for encoded in processed.squares.values():
            square_name = storage.save(
                f"{directory}/{stem}-{token}-{encoded.width}.{processed.extension}",
                ContentFile(encoded.data),
            )
            saved.append(square_name)
            sizes[str(encoded.width)] = square_name
    except Exception:
        delete_files(saved, storage=storage)
        raise
    return StoredImage(name=name, sizes=sizes)


def replace_new_upload(instance, field_name: str, *, directory: str, stem: str,
                       max_side: int, keep_alpha: bool = False) -> str | None:
    """If a new file was assigned to ``instance.<field_name>``, store a re-encoded copy under
    ``directory`` in its place (the raw upload is never saved); returns the new name.

    For single-size images (logos, icons, thumbnails); raises ValidationError, having
    written nothing, when the file is not an acceptable image.
    """
    upload = getattr(instance, field_name)
    if not upload or getattr(upload, "_committed", True):
        return None
    processed = process_image(upload.file, max_side=max_side, keep_alpha=keep_alpha)
    stored = store_processed(processed, directory=directory, stem=stem)
    setattr(instance, field_name, stored.name)
    return stored.name


def delete_files(names, *, storage=None) -> None:
    storage = storage or default_storage
    for name in names:
        if name:
            with contextlib.suppress(OSError):  # already gone: nothing to clean
                storage.delete(name)


# --- Model and form fields --------------------------------------------------------------------


class ImageUploadFormField(forms.ImageField):
    """Runs :func:`check_image` before Django's own check, so the user sees our message."""

    def to_python(self, data):
        upload = forms.FileField.to_python(self, data)
        if upload is None:
            return None
        check_image(upload)
        return super().to_python(data)


class ProcessedImageField(models.ImageField):
    """An ImageField whose uploads are checked with :func:`check_image` (form and model)."""

    def __init__(self, *args, **kwargs):
        validators = list(kwargs.pop("validators", ()))
        if validate_image_upload not in validators:
            validators.append(validate_image_upload)
        super().__init__(*args, validators=validators, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        # Our own validator is implied by the class; keep any others.
        others = [v for v in kwargs.pop("validators", ()) if v is not validate_image_upload]
        if others:
            kwargs["validators"] = others
        return name, path, args, kwargs

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": ImageUploadFormField, **kwargs})
