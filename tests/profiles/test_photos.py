"""Profile photos: checked, re-encoded to a small JPEG, stored, served to partners only."""

import io
import os
import struct
import zlib
from pathlib import Path

import pytest
from PIL import Image
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from partnernet.extensions import db
from partnernet.models import Profile
from partnernet.models.base import utcnow
from partnernet.profiles import photos, services
from partnernet.profiles.services import ProfileError
from tests.factories import MembershipFactory, UserFactory
from tests.groups.helpers import field_error, text

RED, BLUE = (220, 20, 20), (20, 20, 220)


def encode(image: Image.Image, fmt: str, **options) -> bytes:
    out = io.BytesIO()
    image.save(out, fmt, **options)
    return out.getvalue()


def png(size=(800, 600), color=RED, mode="RGB") -> bytes:
    return encode(Image.new(mode, size, color), "PNG")


def jpeg(size=(640, 480), color=BLUE, **options) -> bytes:
    return encode(Image.new("RGB", size, color), "JPEG", **options)


def noise_png(size: tuple[int, int]) -> bytes:
    """A PNG of random pixels: it hardly compresses, so its size is about w × h × 3 bytes."""
    return encode(Image.frombytes("RGB", size, os.urandom(size[0] * size[1] * 3)), "PNG")


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(
        ">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def png_claiming(width: int, height: int) -> bytes:
    """A small file whose PNG header claims width × height pixels (a decompression bomb)."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit RGB
    return (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header)
            + _chunk(b"IDAT", zlib.compress(b"\0" * 1000)) + _chunk(b"IEND", b""))


def decoded(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def close(pixel, color, tolerance=12) -> bool:
    return all(abs(a - b) <= tolerance for a, b in zip(pixel, color, strict=True))


def files(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir()) if directory.exists() else []


def stored_photo(user_id: int) -> str:
    db.session.expire_all()
    return db.session.get(Profile, user_id).photo


# --- re-encoding -----------------------------------------------------------------------------


@pytest.mark.parametrize("upload", [png(), jpeg(), png((300, 900), mode="RGBA"),
                                    png((120, 80), 128, mode="L"), png((80, 60), 3, mode="P")],
                         ids=["png", "jpeg", "tall-rgba-png", "grey-png", "palette-png"])
def test_png_and_jpeg_become_a_400_pixel_square_jpeg(upload):
    result = decoded(photos.reencode(upload))
    assert (result.format, result.size, result.mode) == ("JPEG", (400, 400), "RGB")


def test_the_colours_survive_reencoding():
    result = decoded(photos.reencode(png(color=RED)))
    assert close(result.getpixel((200, 200)), RED)


def test_transparent_pixels_become_white():
    result = decoded(photos.reencode(png((100, 100), (0, 0, 0, 0), mode="RGBA")))
    assert close(result.getpixel((200, 200)), (255, 255, 255))


def test_exif_is_dropped_after_turning_the_photo_upright():
    # Stored 600 × 300, red above blue; EXIF orientation 6 says "turn 90° clockwise to view",
    # which puts the red half on the right.
    image = Image.new("RGB", (600, 300), RED)
    image.paste(BLUE, (0, 150, 600, 300))
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation
    exif[0x010F] = "SecretCam"  # Make
    exif[0x9003] = "2024:05:01 10:00:00"  # DateTimeOriginal
    upload = encode(image, "JPEG", exif=exif)
    assert decoded(upload).getexif()[0x010F] == "SecretCam"

    out = photos.reencode(upload)

    result = decoded(out)
    assert result.size == (400, 400)
    assert close(result.getpixel((100, 200)), BLUE)
    assert close(result.getpixel((300, 200)), RED)
    assert len(result.getexif()) == 0
    assert "exif" not in result.info
    assert b"SecretCam" not in out and b"Exif" not in out


def test_a_photo_of_exactly_2_mb_is_accepted():
    small = png((50, 50))
    padded = small + b"\0" * (photos.MAX_BYTES - len(small))  # bytes after IEND are ignored
    assert len(padded) == 2 * 1024 * 1024
    assert decoded(photos.reencode(padded)).size == (400, 400)


GIF = encode(Image.new("P", (40, 40), 1), "GIF")
BAD_UPLOADS = {
    "text": (b"Hello, I am not a photo.\n", "That file is not a PNG or JPEG photo we can read."),
    "empty": (b"", "Choose a photo to upload."),
    "gif": (GIF, "Upload a PNG or JPEG photo."),
    "webp": (encode(Image.new("RGB", (40, 40), RED), "WEBP"), "Upload a PNG or JPEG photo."),
    "truncated-png": (noise_png((200, 200))[:30_000],
                      "That file is not a PNG or JPEG photo we can read."),
    "truncated-jpeg": (encode(Image.frombytes("RGB", (200, 200), os.urandom(120_000)),
                              "JPEG")[:5_000],
                       "That file is not a PNG or JPEG photo we can read."),
    "over-2-mb": (noise_png((900, 900)), "That photo is larger than 2 MB. Choose a smaller one."),
    "2-mb-and-a-byte": (png((50, 50)).ljust(photos.MAX_BYTES + 1, b"\0"),
                        "That photo is larger than 2 MB. Choose a smaller one."),
    # Pillow's own guard refuses this one as soon as it reads the header ...
    "bomb-20000x20000": (png_claiming(20_000, 20_000),
                         "That image has too many pixels. Upload a normal photo."),
    # ... warns about this one (turned into a refusal) ...
    "bomb-10000x10000": (png_claiming(10_000, 10_000),
                         "That image has too many pixels. Upload a normal photo."),
    # ... and lets this one through, so the application's own limit must catch it.
    "bomb-8000x8000": (png_claiming(8_000, 8_000),
                       "That image has too many pixels. Upload a normal photo."),
}


def test_the_bombs_are_small_files():
    for name in ("bomb-20000x20000", "bomb-10000x10000", "bomb-8000x8000"):
        assert len(BAD_UPLOADS[name][0]) < 1000
    assert len(BAD_UPLOADS["over-2-mb"][0]) > photos.MAX_BYTES


@pytest.mark.parametrize(("data", "message"), BAD_UPLOADS.values(), ids=list(BAD_UPLOADS))
def test_reencode_refuses_with_a_clear_message(data, message):
    with pytest.raises(photos.PhotoError) as info:
        photos.reencode(data)
    assert str(info.value) == message


# --- set_photo -------------------------------------------------------------------------------


def test_set_photo_stores_the_jpeg_under_a_new_name(app, tmp_path):
    user = UserFactory()

    old = services.set_photo(user=user, data=png(), directory=tmp_path)
    db.session.commit()

    name = stored_photo(user.id)
    assert old == ""
    assert name.startswith(f"{user.id}-") and name.endswith(".jpg")
    assert files(tmp_path) == [name]
    assert decoded((tmp_path / name).read_bytes()).size == (400, 400)


def test_set_photo_creates_the_directory(app, tmp_path):
    user = UserFactory()
    directory = tmp_path / "not" / "yet"
    services.set_photo(user=user, data=jpeg(), directory=directory)
    db.session.commit()
    assert files(directory) == [stored_photo(user.id)]


def test_set_photo_returns_the_old_name_for_the_caller_to_delete(app, tmp_path):
    user = UserFactory()
    services.set_photo(user=user, data=png(), directory=tmp_path)
    db.session.commit()
    first = stored_photo(user.id)

    old = services.set_photo(user=user, data=jpeg(), directory=tmp_path)
    db.session.commit()

    second = stored_photo(user.id)
    assert old == first
    assert second != first
    assert files(tmp_path) == sorted([first, second])  # the service leaves deleting to its caller


def test_set_photo_gives_a_user_without_a_profile_one(app, tmp_path):
    user = UserFactory(profile=None)
    services.set_photo(user=user, data=png(), directory=tmp_path)
    db.session.commit()
    assert files(tmp_path) == [stored_photo(user.id)]


@pytest.mark.parametrize(("data", "message"), BAD_UPLOADS.values(), ids=list(BAD_UPLOADS))
def test_a_refused_photo_stores_nothing_and_keeps_the_old_one(app, tmp_path, data, message):
    user = UserFactory()
    services.set_photo(user=user, data=png((100, 100)), directory=tmp_path)
    db.session.commit()
    before = stored_photo(user.id)

    with pytest.raises(ProfileError) as info:
        services.set_photo(user=user, data=data, directory=tmp_path)

    assert (info.value.field, info.value.message) == ("photo", message)
    db.session.commit()
    assert stored_photo(user.id) == before
    assert files(tmp_path) == [before]


def test_remove_photo_forgets_it_and_returns_its_name(app, tmp_path):
    user = UserFactory()
    services.set_photo(user=user, data=png(), directory=tmp_path)
    db.session.commit()
    name = stored_photo(user.id)

    assert services.remove_photo(user=user) == name
    db.session.commit()
    assert stored_photo(user.id) == ""


def test_discard_only_deletes_a_plain_name_inside_the_directory(tmp_path):
    inside = tmp_path / "photos"
    inside.mkdir()
    (inside / "1-abc.jpg").write_bytes(b"x")
    (inside / ".hidden").write_bytes(b"x")
    (tmp_path / "outside.jpg").write_bytes(b"x")

    photos.discard(inside, "../outside.jpg")
    photos.discard(inside, ".hidden")
    photos.discard(inside, "")
    photos.discard(inside, "missing.jpg")
    assert files(inside) == [".hidden", "1-abc.jpg"]
    assert (tmp_path / "outside.jpg").exists()

    photos.discard(inside, "1-abc.jpg")
    assert files(inside) == [".hidden"]


# --- through the pages -----------------------------------------------------------------------


@pytest.fixture
def photo_dir(app, tmp_path) -> Path:
    directory = tmp_path / "photos"
    app.config["PHOTOS_DIR"] = str(directory)
    return directory


def upload(client, data: bytes, filename: str = "me.png"):
    # Encoded here: the test client would spool a large body to a file it never closes.
    boundary, body = encode_multipart({"photo": FileStorage(io.BytesIO(data), filename)})
    return client.post("/profile/photo", data=body,
                       content_type=f"multipart/form-data; boundary={boundary}")


def test_uploading_a_photo(client, auth, photo_dir):
    user = UserFactory()
    auth.login(user)

    response = upload(client, png())

    assert response.status_code == 303
    assert response.headers["Location"] == "/profile"
    name = stored_photo(user.id)
    assert files(photo_dir) == [name]
    page = text(client.get("/profile"))
    assert "Your photo is updated." in page
    assert f'src="/photos/{name}"' in page


def test_replacing_a_photo_deletes_the_old_file(client, auth, photo_dir):
    user = UserFactory()
    auth.login(user)
    upload(client, png())
    first = stored_photo(user.id)

    response = upload(client, jpeg(), "me.jpg")

    assert response.status_code == 303
    second = stored_photo(user.id)
    assert second != first
    assert files(photo_dir) == [second]


@pytest.mark.parametrize("name", ["text", "gif", "truncated-png", "over-2-mb",
                                  "bomb-20000x20000", "bomb-8000x8000"])
def test_a_refused_upload_shows_why_next_to_the_field(client, auth, photo_dir, name):
    user = UserFactory()
    auth.login(user)
    upload(client, png())
    before = stored_photo(user.id)
    data, message = BAD_UPLOADS[name]

    response = upload(client, data, "upload.png")

    assert response.status_code == 422
    assert field_error(text(response), "photo") == message
    assert stored_photo(user.id) == before
    assert files(photo_dir) == [before]


def test_posting_no_file_asks_for_one(client, auth, photo_dir):
    auth.login(UserFactory())
    response = client.post("/profile/photo", data={}, content_type="multipart/form-data")
    assert response.status_code == 422
    assert field_error(text(response), "photo") == "Choose a photo to upload."
    assert files(photo_dir) == []


def test_an_upload_without_the_csrf_token_is_refused(client, auth, photo_dir, csrf):
    user = UserFactory()
    auth.login(user)
    response = upload(client, png())
    assert response.status_code == 400
    assert stored_photo(user.id) == ""
    assert files(photo_dir) == []


def test_removing_the_photo_deletes_the_file(client, auth, photo_dir):
    user = UserFactory()
    auth.login(user)
    upload(client, png())
    name = stored_photo(user.id)

    response = client.post("/profile/photo/remove")

    assert response.status_code == 303
    assert response.headers["Location"] == "/profile"
    assert stored_photo(user.id) == ""
    assert files(photo_dir) == []
    assert client.get(f"/photos/{name}").status_code == 404


@pytest.fixture
def shared(world, client, auth, photo_dir):
    """The member's photo, uploaded through the page; returns its file name."""
    auth.login(world.member)
    assert upload(client, png()).status_code == 303
    return stored_photo(world.member.id)


def test_the_owner_sees_their_photo(world, client, auth, shared, photo_dir):
    with client.get(f"/photos/{shared}") as response:  # closing it closes the file served
        assert response.status_code == 200
        assert response.mimetype == "image/jpeg"
        assert response.get_data() == (photo_dir / shared).read_bytes()
        assert "private" in response.headers["Cache-Control"]
        assert "public" not in response.headers["Cache-Control"]


def test_a_partner_in_the_same_group_sees_the_photo(world, client, auth, shared):
    auth.login(world.facilitator)
    with client.get(f"/photos/{shared}") as response:
        assert response.status_code == 200
        assert response.mimetype == "image/jpeg"
        assert decoded(response.get_data()).size == (400, 400)


def test_someone_in_no_shared_group_gets_404(world, client, auth, shared):
    auth.login(world.outsider)
    assert client.get(f"/photos/{shared}").status_code == 404
    auth.login(UserFactory())
    assert client.get(f"/photos/{shared}").status_code == 404


def test_a_former_partner_no_longer_sees_the_photo(world, client, auth, shared):
    former = MembershipFactory(group=world.group)
    former.left_at = utcnow()
    db.session.commit()
    auth.login(former.user)
    assert client.get(f"/photos/{shared}").status_code == 404


def test_a_visitor_is_sent_to_sign_in(world, client, auth, shared):
    auth.logout()
    response = client.get(f"/photos/{shared}")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=")


def test_an_unknown_photo_is_404(world, client, auth, shared):
    for name in ["nope.jpg", "..", ".%2e%2fsecret", shared.upper()]:
        assert client.get(f"/photos/{name}").status_code == 404, name


def test_the_directory_and_member_page_show_the_photo(world, client, auth, shared):
    auth.login(world.facilitator)
    directory = text(client.get(f"/groups/{world.group.id}"))
    member = text(client.get(f"/groups/{world.group.id}/members/{world.member.id}"))
    assert f'src="/photos/{shared}"' in directory
    assert f'src="/photos/{shared}"' in member
