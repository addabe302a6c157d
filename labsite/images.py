"""Uploaded images, one pipeline: checked, re-encoded so nothing but pixels survives, stored
per lab. Used by people photos, lab logos and icons, paper thumbnails and markdown images.

* :func:`check_image` (labsite/image_checks.py) refuses, with a message a person
  understands, non-images, formats we do not accept, and files over the byte, pixel and
  decoded-memory limits, reading the header before decoding anything; each upload is
  decoded once and the pixels are reused by the steps below.
* An :class:`ImageRecipe` says what one kind of image becomes (size, square crops,
  transparency, format); :func:`store_image` checks an upload, re-encodes it by the recipe
  (labsite/image_encoding.py) and stores the result under the lab's folder.
* :class:`ProcessedImageField` is a model ``ImageField`` that does this itself when its
  model is saved (on ``pre_save``, before any SQL), so no model's ``save()`` touches files:
  the raw upload is never stored. Its form field runs :func:`check_image` first, so admin
  uploads get these messages on the form instead of Django's generic "Upload a valid image".
"""

from __future__ import annotations

import contextlib
import secrets
from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.core import checks
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import models, transaction
from django.db.models import signals
from django.db.models.fields.files import FieldFile
from PIL import Image

from labsite.image_checks import (  # noqa: F401 -- the checks are part of this module's API
    ACCEPTED_FORMATS,
    ACCEPTED_LABEL,
    DECODE_SIDE,
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
from labsite.image_encoding import (  # noqa: F401 -- so is the re-encoding
    JPEG_QUALITY,
    OUTPUT_CONTENT_TYPE,
    OUTPUT_EXTENSION,
    OUTPUT_FORMAT,
    SAME_FORMAT_LABEL,
    SAME_FORMAT_OUTPUTS,
    EncodedImage,
    ProcessedImage,
    encode_same_format,
    process_image,
    reencode_same_format,
)


def validate_image_upload(value) -> None:
    """Model field validator: checks new uploads; files we stored ourselves are trusted."""
    if not value:
        return
    if isinstance(value, FieldFile):
        if value._committed:
            return
        value = value.file
    check_image(value)


# --- Recipes: what one kind of image becomes ------------------------------------------------


@dataclass(frozen=True)
class ImageRecipe:
    """How one kind of upload is re-encoded.

    ``same_format``: JPEG, PNG and WebP stay in their format (markdown images); otherwise
    the result is a JPEG, or a PNG when ``keep_alpha`` and the image is transparent.
    ``squares``: square crops by width, centred on ``focus`` (x, y in 0..1).
    ``max_pixels``: a lower pixel limit than ``LABSITE_IMAGE_MAX_PIXELS`` for this use.
    """

    max_side: int = 1200
    squares: tuple[int, ...] = ()
    focus: tuple[float, float] = (0.5, 0.5)
    keep_alpha: bool = False
    same_format: bool = False
    max_pixels: int | None = None


def prepare_image(file, recipe: ImageRecipe) -> ProcessedImage:
    """``file`` checked and re-encoded by ``recipe``; ValidationError (a message for the
    user) for anything that is not an acceptable image."""
    info = check_image(file)  # refuses non-images and bombs; its decode is reused
    if recipe.same_format and info.format not in SAME_FORMAT_OUTPUTS:
        forget_decoded(file)
        raise ValidationError(
            f"{info.format} images are not accepted here. Upload {SAME_FORMAT_LABEL}."
        )
    if recipe.max_pixels is not None and info.width * info.height > recipe.max_pixels:
        forget_decoded(file)
        raise ValidationError(
            f"The image is too large ({info.width}×{info.height} pixels). Resize it to at most "
            f"{recipe.max_side} pixels on its longest side and upload it again."
        )
    if recipe.same_format:
        return encode_same_format(file, max_side=recipe.max_side)
    return process_image(
        file,
        max_side=recipe.max_side,
        squares=recipe.squares,
        focus=recipe.focus,
        keep_alpha=recipe.keep_alpha,
    )


# --- Storage ----------------------------------------------------------------------------------


def lab_media_dir(lab_slug: str, *parts: str) -> str:
    """Uploads are kept per lab: ``labs/<lab-slug>/<part>/…``."""
    return "/".join(["labs", lab_slug, *parts])


@dataclass(frozen=True)
class StoredImage:
    name: str  # storage name of the bounded image
    sizes: dict[str, str]  # {"160": storage name, ...} of the square crops, by actual width


def store_processed(
    processed: ProcessedImage, *, directory: str, stem: str = "", storage=None
) -> StoredImage:
    """Saves the files under ``directory`` with a random part (new URL, no stale caches):
    ``<stem>-<8 hex>.<ext>``, or 32 random hex digits without a stem."""
    storage = storage or default_storage
    base = f"{stem}-{secrets.token_hex(4)}" if stem else secrets.token_hex(16)
    saved: list[str] = []
    try:
        name = storage.save(
            f"{directory}/{base}.{processed.extension}",
            ContentFile(processed.main.data),
        )
        saved.append(name)
        sizes = {}
        for encoded in processed.squares.values():
            square_name = storage.save(
                f"{directory}/{base}-{encoded.width}.{processed.extension}",
                ContentFile(encoded.data),
            )
            saved.append(square_name)
            sizes[str(encoded.width)] = square_name
    except Exception:
        delete_files(saved, storage=storage)
        raise
    return StoredImage(name=name, sizes=sizes)


def store_image(file, recipe: ImageRecipe, *, directory: str, stem: str = "") -> StoredImage:
    """Checks ``file``, re-encodes it by ``recipe`` and stores the result (never the raw
    upload) under ``directory``. ValidationError, having written nothing, for a bad image."""
    return store_processed(prepare_image(file, recipe), directory=directory, stem=stem)


def delete_files(names, *, storage=None) -> None:
    storage = storage or default_storage
    for name in names:
        if name:
            with contextlib.suppress(OSError):  # already gone: nothing to clean
                storage.delete(name)


def delete_after_commit(names) -> None:
    """Replaced files go once the new row is committed, so a rollback keeps a working image."""
    names = [name for name in names if name]
    if names:
        transaction.on_commit(lambda: delete_files(names))


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
    """An ImageField whose uploads are checked with :func:`check_image` (form and model) and,
    when the model is saved, stored re-encoded by ``recipe`` in place of the raw upload.

    ``directory(instance)``: the storage folder (the lab's own); ``stem(instance)``: the file
    names' start (default: the field's name). ``sizes_field``: a JSONField that receives the
    names of the square crops by width. ``delete_replaced``: files replaced or cleared go
    once the save is committed. None of these touch the database column, so they are left
    out of migrations.
    """

    def __init__(
        self,
        *args,
        recipe: ImageRecipe | None = None,
        directory: Callable | None = None,
        stem: Callable | None = None,
        sizes_field: str | None = None,
        delete_replaced: bool = False,
        **kwargs,
    ):
        validators = list(kwargs.pop("validators", ()))
        if validate_image_upload not in validators:
            validators.append(validate_image_upload)
        self.recipe, self.directory, self.stem = recipe, directory, stem
        self.sizes_field, self.delete_replaced = sizes_field, delete_replaced
        super().__init__(*args, validators=validators, **kwargs)

    def check(self, **kwargs):
        errors = super().check(**kwargs)
        if (self.recipe is None) != (self.directory is None):
            errors.append(checks.Error("Give both recipe and directory, or neither.", obj=self))
        return errors

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        # Our own validator is implied by the class; keep any others.
        others = [v for v in kwargs.pop("validators", ()) if v is not validate_image_upload]
        if others:
            kwargs["validators"] = others
        return name, path, args, kwargs

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": ImageUploadFormField, **kwargs})

    def contribute_to_class(self, cls, name, **kwargs):
        super().contribute_to_class(cls, name, **kwargs)
        if cls._meta.abstract or self.recipe is None:
            return
        # The pre_save *signal*, not Field.pre_save: it runs before save_base opens its
        # transaction, so a refused image raises without spoiling the caller's transaction.
        signals.pre_save.connect(self._store_new_upload, sender=cls)
        if self.delete_replaced:
            signals.post_init.connect(self._remember_files, sender=cls)
            signals.post_save.connect(self._delete_replaced_files, sender=cls)

    def pre_save(self, model_instance, add):
        # Saves went through the signal already; bulk_create() sends none but calls this.
        if self.recipe is not None:
            self._store_new_upload(type(model_instance), model_instance)
        return super().pre_save(model_instance, add)

    def stored_names(self, instance) -> list[str]:
        """The storage names of the image and its crops (read without building a FieldFile);
        an upload not stored yet has none."""
        value = instance.__dict__.get(self.attname) or ""
        if isinstance(value, FieldFile):
            value = value.name if value._committed else ""
        names = [value] if isinstance(value, str) else []
        if self.sizes_field:
            names += list((instance.__dict__.get(self.sizes_field) or {}).values())
        return [name for name in names if name]

    def _store_new_upload(self, sender, instance, raw=False, update_fields=None, **kwargs):
        if raw or (update_fields is not None and self.name not in update_fields):
            return  # fixtures and archives carry stored files, not uploads
        file = getattr(instance, self.attname)
        if file and not file._committed:
            stem = self.stem(instance) if self.stem else self.name
            stored = store_image(
                file.file, self.recipe, directory=self.directory(instance), stem=stem
            )
            setattr(instance, self.attname, stored.name)  # committed: Django stores nothing
            if self.sizes_field:
                setattr(instance, self.sizes_field, stored.sizes)
        elif not file and self.sizes_field:
            setattr(instance, self.sizes_field, {})

    def _loaded_key(self) -> str:
        return f"_labsite_loaded_{self.attname}"

    def _remember_files(self, sender, instance, **kwargs):
        instance.__dict__[self._loaded_key()] = self.stored_names(instance)

    def _delete_replaced_files(self, sender, instance, **kwargs):
        current = self.stored_names(instance)
        previous = instance.__dict__.get(self._loaded_key(), [])
        delete_after_commit([name for name in previous if name not in current])
        instance.__dict__[self._loaded_key()] = current
