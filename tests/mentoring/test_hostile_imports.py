"""Every spreadsheet import fed hostile files: oversized, a zip bomb, the wrong encoding, and cells holding
null bytes, formulas, HTML or very long text. Each gets a clear message and changes nothing; none crashes."""

import csv
import io
import zipfile

import pytest
from django.urls import reverse

from accounts.models import AuditEvent, User
from claims import imports as claim_imports
from claims.models import Claim, ClaimLine
from mentoring.imports import mentees, mentors, mentorships
from mentoring.imports.reading import MAX_FILE_BYTES
from mentoring.models import Mentee, Mentor, Mentorship
from surveys.models import Response

IMPORTS = {
    "mentors": (mentors.template_csv, mentors.mentors_import),
    "mentees": (mentees.template_csv, mentees.mentees_import),
    "mentorships": (mentorships.template_csv, mentorships.mentorships_import),
    "claim lines": (claim_imports.template_csv, claim_imports.claims_import),
}
HOSTILE_CELLS = ["Priya\x00Raman", "x" * 10_000, "<script>alert(1)</script>", "=cmd|' /C calc'!A0"]


def everything():
    return tuple(
        model.objects.count() for model in (User, Mentor, Mentee, Mentorship, Response, Claim, ClaimLine, AuditEvent)
    )


def run(name, scheme, staff, file_name, content):
    before = everything()
    result = IMPORTS[name][1](scheme=scheme, file_name=file_name, content=content, by=staff)
    return result, before


def zip_bomb():
    """A small .xlsx-named zip that unpacks to 60 MB."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as bomb:
        bomb.writestr("[Content_Types].xml", "<Types/>")
        bomb.writestr("xl/worksheets/sheet1.xml", b"\0" * (60 * 1024 * 1024))
    return out.getvalue()


@pytest.fixture(scope="module")
def bomb():
    return zip_bomb()


@pytest.mark.django_db
@pytest.mark.parametrize("name", IMPORTS)
def test_a_file_over_the_limit_is_refused_before_it_is_read(scheme, staff, name):
    template = IMPORTS[name][0]().encode()
    fifty_megabytes = template + b"\n" * (50 * 1024 * 1024)

    result, before = run(name, scheme, staff, "big.csv", fifty_megabytes)

    assert [str(problem) for problem in result.errors] == [
        f"The file must be smaller than {MAX_FILE_BYTES // (1024 * 1024)} MB: split it into smaller files"
    ]
    assert everything() == before


@pytest.mark.django_db
@pytest.mark.parametrize("name", IMPORTS)
def test_a_zip_bomb_workbook_is_refused_before_it_is_unpacked(scheme, staff, bomb, name):
    assert len(bomb) < MAX_FILE_BYTES

    result, before = run(name, scheme, staff, "mentors.xlsx", bomb)

    assert "too large once opened" in str(result.errors[0])
    assert everything() == before


@pytest.mark.django_db
@pytest.mark.parametrize("name", IMPORTS)
@pytest.mark.parametrize(
    "file_name, content",
    [
        ("wrong.csv", "utf-16"),
        ("wrong.xlsx", b"PK\x03\x04 not really a workbook"),
        ("wrong.csv", b"\xff\xfe\x00\x00" + bytes(range(256))),
        ("notes.txt", b"hello"),
        ("empty.csv", b""),
    ],
    ids=["utf-16", "broken xlsx", "binary", "not a spreadsheet", "empty"],
)
def test_a_file_in_the_wrong_encoding_or_format_gets_a_message_and_changes_nothing(
    scheme, staff, name, file_name, content
):
    if content == "utf-16":
        content = IMPORTS[name][0]().encode("utf-16")

    result, before = run(name, scheme, staff, file_name, content)

    assert not result.ok and str(result.errors[0])
    assert everything() == before


@pytest.mark.django_db
@pytest.mark.parametrize("name", IMPORTS)
def test_hostile_cells_get_a_message_or_are_kept_as_plain_text_never_a_crash(scheme, staff, name):
    headings, example = list(csv.reader(io.StringIO(IMPORTS[name][0]())))
    for column in range(len(headings)):
        for cell in HOSTILE_CELLS:
            row = list(example)
            row[column] = cell
            out = io.StringIO()
            csv.writer(out).writerows([headings, row])

            result, before = run(name, scheme, staff, "hostile.csv", out.getvalue().encode())

            if not result.ok:
                assert everything() == before, (headings[column], cell)
                assert all(str(problem) for problem in result.errors)
            if "\x00" in cell:
                assert not result.ok, headings[column]


@pytest.mark.django_db
def test_the_admin_import_page_refuses_a_50_mb_upload_before_reading_it(client, scheme, staff):
    client.force_login(staff)
    upload = io.BytesIO(mentees.template_csv().encode() + b"\n" * (50 * 1024 * 1024))
    upload.name = "mentees.csv"
    before = everything()

    response = client.post(reverse("admin:mentoring_mentee_import"), {"scheme": scheme.pk, "file": upload})

    assert response.status_code == 413
    assert "This is too large to send" in response.content.decode()
    assert everything() == before


@pytest.mark.django_db
def test_the_admin_import_page_refuses_a_file_just_over_5_mb_with_a_message(client, scheme, staff):
    client.force_login(staff)
    upload = io.BytesIO(mentees.template_csv().encode() + b"\n" * MAX_FILE_BYTES)
    upload.name = "mentees.csv"
    before = everything()

    response = client.post(reverse("admin:mentoring_mentee_import"), {"scheme": scheme.pk, "file": upload})

    assert response.status_code == 200
    assert "The file must be smaller than 5 MB" in response.content.decode()
    assert everything() == before
