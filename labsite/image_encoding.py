"""Re-encoding uploaded images: only the pixels survive (labsite/images.py is the pipeline).

:func:`process_image` writes fresh JPEGs (PNG where transparency is kept) from the pixels
alone, applying the EXIF orientation and converting to sRGB; :func:`encode_same_format`
keeps JPEG, PNG and WebP in their own format (markdown images, archives). EXIF (GPS
position, camera serial numbers), XMP, comments and anything appended to the file are gone.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from PIL import ExifTags, Image, ImageCms, ImageOps

from labsite.image_checks import DECODE_SIDE, decode_image, forget_decoded

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


def encode_same_format(file, *, max_side: int = DECODE_SIDE) -> ProcessedImage:
    """Fresh bytes of the same format family (JPEG, PNG, WebP), with their extension.

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
    return ProcessedImage(
        main=EncodedImage(buffer.getvalue(), clean.width, clean.height), extension=extension
    )


def reencode_same_format(file, *, max_side: int = DECODE_SIDE) -> tuple[bytes, str]:
    """:func:`encode_same_format` as (bytes, extension)."""
    encoded = encode_same_format(file, max_side=max_side)
    return encoded.main.data, encoded.extension


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
