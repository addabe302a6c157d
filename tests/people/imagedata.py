"""Image files made on the fly for the tests (nothing binary is checked in)."""

import io
import os
import struct
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags, Image


def jpeg_bytes(width=800, height=600, *, colour=(40, 120, 200), exif=None, quality=90) -> bytes:
    image = Image.new("RGB", (width, height), colour)
    # A second colour in the top-left corner makes orientation visible in tests.
    image.paste((250, 20, 20), (0, 0, width // 4, height // 4))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=quality, **({"exif": exif} if exif is not None else {}))
    return buffer.getvalue()


def noise_jpeg_bytes(width, height) -> bytes:
    """Random pixels: a JPEG that does not compress, for byte-size limits."""
    image = Image.frombytes("RGB", (width, height), os.urandom(width * height * 3))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=95)
    return buffer.getvalue()


def png_bytes(width=300, height=300, mode="RGBA", colour=(10, 200, 10, 128)) -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, (width, height), colour).save(buffer, "PNG")
    return buffer.getvalue()


def exif_with_gps(orientation=None) -> Image.Exif:
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "ExampleCam"
    exif[ExifTags.Base.Model] = "Serial 12345"
    if orientation:
        exif[ExifTags.Base.Orientation] = orientation
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (52.0, 31.0, 12.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (13.0, 24.0, 36.0)
    return exif


def png_bomb_header(width=30000, height=30000) -> bytes:
    """A valid, tiny PNG whose header declares ``width`` × ``height`` pixels."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 1024))
        + chunk(b"IEND", b"")
    )


def upload(name: str, data: bytes, content_type="image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


def png16_bytes(width, height, *, channels=4, sample=0x1234) -> bytes:
    """A real 16-bit PNG of one colour (grey: 1 channel, grey+alpha 2, RGB 3, RGBA 4).

    Written row by row with zlib, so a 7000×7000 RGBA image (392 MB once decoded at 16 bits
    a sample) is a file of about 400 KB and costs the test little memory.
    """
    colour_type = {1: 0, 2: 4, 3: 2, 4: 6}[channels]
    row = b"\x00" + struct.pack(">H", sample) * (width * channels)
    compressor = zlib.compressobj(9)
    body = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 16, colour_type, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", body)
        + chunk(b"IEND", b"")
    )
