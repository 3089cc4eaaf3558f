"""A directory photo is decoded and saved afresh: what is stored is the picture alone (no location or camera
metadata, nothing hidden behind a valid header), and anything Pillow cannot read as a photo is refused."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from mentoring.services.mentors import mentor_application_start
from tests.mentoring.views.test_application import BIOGRAPHY, errors_on, step_url

NOT_A_PHOTO = "The photo could not be read as a JPG or PNG picture. Save it again and upload it"


@pytest.fixture
def draft(outsider, scheme):
    return mentor_application_start(user=outsider, scheme=scheme)


@pytest.fixture
def signed_in(client, outsider):
    client.force_login(outsider)
    return client


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def jpeg_with_location():
    exif = Image.Exif()
    exif[0x010F] = "Phone maker"  # Make
    exif[0x8825] = {1: "N", 2: (53.0, 24.0, 0.0)}  # GPSInfo: where the photo was taken
    out = io.BytesIO()
    Image.new("RGB", (64, 48), "teal").save(out, format="JPEG", exif=exif)
    return out.getvalue()


def upload(name, content):
    return SimpleUploadedFile(name, content, content_type="image/png" if name.endswith(".png") else "image/jpeg")


@pytest.mark.django_db
def test_a_photo_is_stored_without_its_metadata(signed_in, draft, scheme, media):
    original = jpeg_with_location()
    assert Image.open(io.BytesIO(original)).getexif()  # the upload carries where it was taken

    response = signed_in.post(step_url(scheme, "biography"), {**BIOGRAPHY, "photo": upload("me.jpg", original)})

    assert response.url == reverse("mentoring:apply_check", args=[scheme.slug])
    draft.refresh_from_db()
    with draft.photo.open("rb") as stored, Image.open(stored) as image:
        assert image.format == "JPEG" and image.size == (64, 48)
        assert not image.getexif()
        assert "exif" not in image.info


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("me.png", b"\x89PNG\r\n\x1a\n" + b"<script>alert(1)</script>" * 10),  # the right first bytes, then anything
        ("me.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 200),
    ],
    ids=["png header", "jpeg header"],
)
@pytest.mark.django_db
def test_a_file_with_only_a_photos_first_bytes_is_refused(signed_in, draft, scheme, media, name, content):
    page = errors_on(signed_in, scheme, "biography", {**BIOGRAPHY, "photo": upload(name, content)})

    assert NOT_A_PHOTO in page
    draft.refresh_from_db()
    assert not draft.photo


@pytest.mark.django_db
def test_a_picture_claiming_enormous_dimensions_is_refused_before_it_is_decoded(signed_in, draft, scheme, media):
    out = io.BytesIO()
    Image.new("1", (20_000, 20_000)).save(out, format="PNG")  # 400 megapixels in a small file

    page = errors_on(signed_in, scheme, "biography", {**BIOGRAPHY, "photo": upload("me.png", out.getvalue())})

    assert NOT_A_PHOTO in page
    draft.refresh_from_db()
    assert not draft.photo
