"""Uploaded images: validated with Pillow, re-encoded so nothing but pixels survives, resized.

Used by people photos, lab logos and icons, and publication thumbnails.

* :func:`check_image` (labsite/image_checks.py) refuses, with a message a person
  understands, non-images, formats we do not accept, and files over the byte, pixel and
  decoded-memory limits, reading the header before decoding anything; each upload is
  decoded once and the pixels are reused by the steps below.
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
from dataclasses import dataclass, field

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import models
from django.db.models.fields.files import FieldFile
from PIL import ExifTags, Image, ImageCms, ImageOps

from labsite.image_checks import (  # noqa: F401 -- the checks are part of this module's API
    ACCEPTED_FORMATS,
    ACCEPTED_LABEL,
    DECODE_SIDE,
    DEFAULT_MAX_BYTES,
    DEFAULT_MAX_DECODED_BYTES,
    DEFAULT_MAX_PIXELS,
    DecodedImage,
    ImageInfo,
    check_image,
    decode_image,
    decoded_bytes,
    forget_decoded,
    max_bytes,
    max_decoded_bytes,
    max_pixels,
)

OUTPUT_FORMAT = "JPEG"
OUTPUT_EXTENSION = "jpg"
OUTPUT_CONTENT_TYPE = "image/jpeg"
JPEG_QUALITY = 85


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
    """RGB (or grey) pixels in sRGB, whatever came in (CMYK, palette, alpha, 16-bit, wide
    gamut). Full-size copies are made only where a conversion needs them."""
    icc = image.info.get("icc_profile")
    if _has_alpha(image):
        rgba = image if image.mode == "RGBA" else image.convert("RGBA")
        flat = Image.new("RGB", rgba.size, (255, 255, 255))
        flat.paste(rgba, mask=rgba)
        image = flat
    if icc and image.mode in ("RGB", "CMYK"):
        try:
            return ImageCms.profileToProfile(
                image,
                ImageCms.ImageCmsProfile(io.BytesIO(icc)),
                ImageCms.createProfile("sRGB"),
                outputMode="RGB",
            )
        except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
            pass  # a broken profile: plain conversion below is close enough
    if image.mode.startswith("I;16"):
        return image.point(lambda value: value / 256).convert("L")  # no 32-bit copies
    if image.mode in ("I", "F"):
        image = image.convert("I").point(lambda value: value / 256).convert("L")
    if image.mode in ("RGB", "L"):
        return image  # the encoder copies the (small) output into a fresh image anyway
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


def _oriented(image: Image.Image) -> Image.Image:
    """The pixels turned as the EXIF orientation says (a copy only when they are turned)."""
    try:
        if image.getexif().get(ExifTags.Base.Orientation, 1) in (0, 1):
            return image
        return ImageOps.exif_transpose(image)
    except (OSError, ValueError, TypeError, KeyError, SyntaxError):
        return image  # unreadable EXIF: keep the pixels as stored


def _within(image: Image.Image, max_side: int) -> Image.Image:
    """Shrunk to fit ``max_side`` (never enlarged), without a full-size copy."""
    width, height = image.size
    if max(width, height) <= max_side:
        return image
    scale = max_side / max(width, height)
    size = (max(1, round(width * scale)), max(1, round(height * scale)))
    return image.resize(size, Image.Resampling.LANCZOS, reducing_gap=2.0)


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
    decoded = decode_image(file)  # the decode the upload's validation made, if any
    try:
        oriented = _oriented(decoded.image)
        transparent = keep_alpha and _has_alpha(oriented)
        pixels = oriented.convert("RGBA") if transparent else _to_srgb(oriented)
    finally:
        forget_decoded(file)
        file.seek(0)

    result = ProcessedImage(
        main=_encode(_within(pixels, max_side)), extension="png" if transparent else "jpg"
    )
    shortest = min(pixels.size)
    for target in sorted(set(squares)):
        side = min(target, shortest)
        if side in {encoded.width for encoded in result.squares.values()}:
            continue
        crop = ImageOps.fit(pixels, (side, side), Image.Resampling.LANCZOS, centering=focus)
        result.squares[target] = _encode(crop)
    return result


# Pillow format → (output format, extension) of :func:`reencode_same_format`. MPO is the
# JPEG variant phones write.
SAME_FORMAT_OUTPUTS = {
    "JPEG": ("JPEG", "jpg"),
    "MPO": ("JPEG", "jpg"),
    "PNG": ("PNG", "png"),
    "WEBP": ("WEBP", "webp"),
}
SAME_FORMAT_LABEL = "JPEG, PNG or WebP"


def reencode_same_format(file, *, max_side: int = DECODE_SIDE) -> tuple[bytes, str]:
    """Fresh bytes of the same format family (JPEG, PNG, WebP) and their extension.

    Decodes (once), orients, converts to sRGB, shrinks to ``max_side`` and writes a new file
    from the pixels: EXIF (GPS, camera serials), XMP, text chunks and anything appended are
    gone. Transparency is kept for PNG and WebP (diagrams, logos). Raises ValidationError
    for anything else (SVG, HTML renamed .png, GIF, bombs, damaged files).
    """
    decoded = decode_image(file)
    if decoded.info.format not in SAME_FORMAT_OUTPUTS:
        raise ValidationError(
            f"{decoded.info.format} images are not accepted here. Upload {SAME_FORMAT_LABEL}."
        )
    output_format, extension = SAME_FORMAT_OUTPUTS[decoded.info.format]
    try:
        oriented = _oriented(decoded.image)
        mode = "RGBA" if _has_alpha(oriented) and output_format != "JPEG" else "RGB"
        pixels = _same_format_pixels(oriented, mode, decoded.image.info.get("icc_profile"))
    finally:
        forget_decoded(file)
        file.seek(0)
    pixels = _within(pixels, max_side)
    clean = Image.new(mode, pixels.size)  # a fresh image carries no metadata at all
    clean.paste(pixels)
    buffer = io.BytesIO()
    if output_format == "PNG":
        clean.save(buffer, "PNG", optimize=True)
    elif output_format == "WEBP":
        clean.save(buffer, "WEBP", quality=JPEG_QUALITY, method=4)
    else:
        clean.save(buffer, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    return buffer.getvalue(), extension


def _same_format_pixels(image: Image.Image, mode: str, icc: bytes | None) -> Image.Image:
    if image.mode.startswith("I;16"):
        image = image.point(lambda value: value / 256).convert("L")  # no 32-bit copies
    if image.mode not in ("RGB", "RGBA", "L", "LA"):
        # CMYK, palette, 32-bit: via RGBA so palette transparency is not lost.
        image = image.convert("RGBA" if mode == "RGBA" else "RGB")
    if mode == "RGB" and image.mode in ("RGBA", "LA"):
        rgba = image if image.mode == "RGBA" else image.convert("RGBA")
        flat = Image.new("RGB", rgba.size, (255, 255, 255))
        flat.paste(rgba, mask=rgba)
        image = flat
    if image.mode != mode:
        image = image.convert(mode)
    if icc:
        try:
            return ImageCms.profileToProfile(
                image,
                ImageCms.ImageCmsProfile(io.BytesIO(icc)),
                ImageCms.createProfile("sRGB"),
                outputMode=mode,
            )
        except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
            pass  # a broken profile: the plain pixels are close enough
    return image


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
    """Runs :func:`decode_image` instead of Django's check, so the user sees our message and
    the upload is opened once (Django's would copy it into memory and open it again)."""

    def to_python(self, data):
        upload = forms.FileField.to_python(self, data)
        if upload is None:
            return None
        decoded = decode_image(upload)
        # What Django's ImageField annotates, for code that reads it.
        upload.image = decoded.image
        upload.content_type = Image.MIME.get(decoded.info.format)
        return upload


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
