"""Profile photos: checked, re-encoded and resized on the server, stored as small JPEGs."""

import io
import os
import secrets
import warnings
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError

MAX_BYTES = 2 * 1024 * 1024
MAX_PIXELS = 30_000_000  # a 6000 x 5000 photo; anything larger is refused before decoding
SIZE = 400
ACCEPTED_FORMATS = {"PNG", "JPEG"}


class PhotoError(ValueError):
    """The upload is not a photo we accept; the message says why, for the person uploading."""


def reencode(data: bytes) -> bytes:
    """A square SIZE×SIZE JPEG made from a PNG or JPEG upload, without its metadata."""
    if not data:
        raise PhotoError("Choose a photo to upload.")
    if len(data) > MAX_BYTES:
        raise PhotoError("That photo is larger than 2 MB. Choose a smaller one.")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            if image.format not in ACCEPTED_FORMATS:
                raise PhotoError("Upload a PNG or JPEG photo.")
            width, height = image.size
            # Checked from the header, before any pixel is decoded.
            if width * height > MAX_PIXELS:
                raise PhotoError("That image has too many pixels. Upload a normal photo.")
            image.load()
    except PhotoError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise PhotoError("That image has too many pixels. Upload a normal photo.") from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise PhotoError("That file is not a PNG or JPEG photo we can read.") from exc

    image = ImageOps.exif_transpose(image)
    if image.mode not in ("RGB", "L"):
        background = Image.new("RGB", image.size, "white")
        rgba = image.convert("RGBA")
        background.paste(rgba, mask=rgba.getchannel("A"))
        image = background
    image = ImageOps.fit(image.convert("RGB"), (SIZE, SIZE), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85, optimize=True, progressive=True)
    return out.getvalue()


def store(directory: Path, user_id: int, jpeg: bytes) -> str:
    """Write the photo under a new unguessable name; returns the name."""
    directory.mkdir(parents=True, exist_ok=True)
    name = f"{user_id}-{secrets.token_hex(12)}.jpg"
    tmp = directory / f".{name}.tmp"
    tmp.write_bytes(jpeg)
    os.replace(tmp, directory / name)
    return name


def discard(directory: Path, name: str) -> None:
    if name and "/" not in name and not name.startswith("."):
        (directory / name).unlink(missing_ok=True)
