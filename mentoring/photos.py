"""Mentors' directory photos: decoded and saved afresh, so what is stored is the picture and nothing
else (no location or camera metadata, no payload riding behind a valid header)."""

import io
import warnings

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageOps, UnidentifiedImageError

# Big enough for any phone's photo; a picture claiming more pixels is refused before it is decoded.
MAX_PIXELS = 50_000_000
# The directory shows photos small; a stored copy needs no more than this on its longer side.
LONGEST_SIDE = 1200
FORMATS = {"JPEG": ("jpg", "image/jpeg"), "PNG": ("png", "image/png")}
NOT_A_PHOTO = "The photo could not be read as a JPG or PNG picture. Save it again and upload it"


def photo_reencoded(upload):
    """The upload as a fresh JPG or PNG of its pixels alone, or ValidationError if Pillow cannot read it."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload) as image:
                if image.format not in FORMATS or image.width * image.height > MAX_PIXELS:
                    raise ValidationError(NOT_A_PHOTO)
                kind = image.format
                image.load()
                picture = ImageOps.exif_transpose(image)
        picture.thumbnail((LONGEST_SIDE, LONGEST_SIDE))
        if kind == "JPEG" and picture.mode != "RGB":
            picture = picture.convert("RGB")
        if kind == "PNG" and picture.mode not in ("RGB", "RGBA", "L", "LA"):
            picture = picture.convert("RGBA")
        out = io.BytesIO()
        # Saved without exif, icc_profile or text chunks: Pillow writes only what it is given.
        picture.save(out, format=kind, **({"quality": 90} if kind == "JPEG" else {}))
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError) as problem:
        raise ValidationError(NOT_A_PHOTO) from problem
    except Image.DecompressionBombWarning as problem:
        raise ValidationError(NOT_A_PHOTO) from problem
    extension, content_type = FORMATS[kind]
    return SimpleUploadedFile(f"photo.{extension}", out.getvalue(), content_type=content_type)
