"""Bulk import of a hub's mentor list from a spreadsheet (CSV or XLSX), all or nothing.

The file is read with tablib / django-import-export's format classes, every row is checked
against the scheme's rules (mentoring.rules) and the database, and only a file with no problem at
all is written, in one transaction, through the services. docs/imports.md documents the columns;
docs/adr/0004-mentor-imports.md says why this is not an import-export Resource.
"""

import csv
import datetime
import io
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models.functions import Lower
from import_export.formats.base_formats import XLSX

from accounts.models import User
from accounts.services import audit, user_create
from mentoring import rules
from mentoring.codes import AgeBand, Ethnicity, Gender, MentorRole
from mentoring.models import FocusArea, Mentor
from mentoring.services.mentors import mentor_create, practice_for_code
from schemes.models import Scheme

IMPORT_STATUSES = [
    Mentor.Status.APPLIED,
    Mentor.Status.IN_TRAINING,
    Mentor.Status.ACTIVE,
    Mentor.Status.PAUSED,
    Mentor.Status.LEFT,
]
LIST_SEPARATOR = ";"
HEADER_ROW = 1  # rows are numbered as a spreadsheet shows them: the headings are row 1


@dataclass(frozen=True)
class Column:
    name: str
    required: bool
    example: str


COLUMNS = [
    Column("first_name", True, "Priya"),
    Column("last_name", True, "Shah"),
    Column("email", True, "priya.shah@nhs.net"),
    Column("gmc_number", True, "1234567"),
    Column("practice_ods_code", True, "A81001"),
    Column("role", True, "gp_partner"),
    Column("clinical_sessions_per_week", True, "6"),
    Column("status", True, "active"),
    Column("approved_on", True, "2025-09-01"),
    Column("capacity", True, "6"),
    Column("focus_areas", True, "leadership;wellbeing"),
    Column("gender", False, "female"),
    Column("age_band", False, "40_44"),
    Column("ethnicity", False, "H"),
]
COLUMN_NAMES = [column.name for column in COLUMNS]


@dataclass(frozen=True)
class ImportProblem:
    """One thing wrong with the file, placed where the person will look for it."""

    message: str
    row: int | None = None
    column: str | None = None

    def __str__(self):
        place = ", ".join(part for part in [f"Row {self.row}" if self.row else "", self.column or ""] if part)
        return f"{place}: {self.message}" if place else self.message


@dataclass
class ImportResult:
    errors: list[ImportProblem] = field(default_factory=list)
    created: int = 0

    @property
    def ok(self):
        return not self.errors


class UnreadableFile(Exception):
    """The file is not a spreadsheet we can read; the message says what to do."""


@dataclass
class MentorRow:
    """One row that passed every check, ready to write."""

    number: int
    first_name: str
    last_name: str
    email: str
    status: str
    focus_areas: list[str]
    fields: dict


def template_csv():
    """The downloadable template: the headings the importer expects and one example mentor."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMN_NAMES)
    writer.writerow([column.example for column in COLUMNS])
    return out.getvalue()


def mentors_import(*, scheme, file_name, content: bytes, by) -> ImportResult:
    """Check every row of the file; create its mentors (and any new users) only if all are good."""
    try:
        headings, rows = read_spreadsheet(file_name, content)
    except UnreadableFile as problem:
        return ImportResult(errors=[ImportProblem(str(problem))])
    errors = heading_problems(headings)
    if errors:
        return ImportResult(errors=errors)
    rows = [(number, cells) for number, cells in rows if any(_text(value) for value in cells.values())]
    if not rows:
        return ImportResult(errors=[ImportProblem("The file has headings but no mentors in it")])

    checker = RowChecker(scheme, rows)
    mentor_rows = [mentor_row for number, cells in rows if (mentor_row := checker.check(number, cells))]
    errors = checker.errors + _cap_problems(scheme, mentor_rows)
    if errors:
        return ImportResult(errors=errors)
    try:
        created = _write(scheme=scheme, mentor_rows=mentor_rows, file_name=file_name, by=by)
    except CapReached as problem:
        return ImportResult(errors=problem.args[0])
    except IntegrityError:
        # Checked a moment ago; someone added the same person or GMC number in the meantime.
        message = "Someone changed this scheme's mentors during the import, so nothing was imported: try again"
        return ImportResult(errors=[ImportProblem(message)])
    return ImportResult(created=created)


class CapReached(Exception):
    """The scheme filled up between checking the file and writing it."""


def _write(*, scheme, mentor_rows, file_name, by):
    with transaction.atomic():
        # The same lock mentor_approve takes: approvals and imports cannot both pass the cap.
        scheme = Scheme.objects.select_for_update().get(pk=scheme.pk)
        if problems := _cap_problems(scheme, mentor_rows):
            raise CapReached(problems)
        users = _existing_users([row.email for row in mentor_rows])
        for row in mentor_rows:
            user = users.get(row.email.lower()) or user_create(
                email=row.email,
                first_name=row.first_name,
                last_name=row.last_name,
                password=None,  # they set one through the password-reset email
                email_verified=False,
                by=by,
            )
            mentor_create(user=user, scheme=scheme, status=row.status, by=by, focus_areas=row.focus_areas, **row.fields)
        audit(actor=by, action="mentor.import", target=scheme, scheme=scheme, file=file_name, created=len(mentor_rows))
    return len(mentor_rows)


def _existing_users(emails):
    """Users already signed up with these addresses (in any case), by lower-cased address."""
    wanted = {email.lower() for email in emails}
    users = User.objects.annotate(email_lower=Lower("email")).filter(email_lower__in=wanted)
    return {user.email_lower: user for user in users}


def _cap_problems(scheme, mentor_rows):
    if scheme.mentor_cap is None:
        return []
    joining = sum(1 for row in mentor_rows if row.status in Mentor.ON_SCHEME)
    on_scheme = scheme.mentors.filter(status__in=Mentor.ON_SCHEME).count()
    if joining and on_scheme + joining > scheme.mentor_cap:
        return [
            ImportProblem(
                f"The file has {joining} mentors in training, active or paused, and the scheme already has "
                f"{on_scheme}: more than its cap of {scheme.mentor_cap}. Raise the cap in the scheme's settings, "
                "or import fewer mentors",
                column="status",
            )
        ]
    return []


# Reading the file


def read_spreadsheet(file_name, content):
    """(headings, [(row number, {heading: value})]); XLSX cells keep their types (dates stay dates)."""
    extension = Path(file_name or "").suffix.lower()
    if extension == ".csv":
        table = _read_csv(content)
    elif extension == ".xlsx":
        table = _read_xlsx(content)
    else:
        raise UnreadableFile("Upload a CSV file or an Excel workbook (.xlsx)")
    if not table:
        raise UnreadableFile("The file is empty: the first row must hold the column headings")
    headings = [_text(heading).lower() for heading in table[0]]
    rows = []
    for number, cells in enumerate(table[1:], start=HEADER_ROW + 1):
        for index, value in enumerate(cells):
            if _text(value) and (index >= len(headings) or not headings[index]):
                # A column without a heading is only a problem if something is written in it.
                raise UnreadableFile(f"Row {number}: column {index + 1} has a value but no heading in row 1")
        rows.append((number, {heading: value for heading, value in zip(headings, cells, strict=False) if heading}))
    return [heading for heading in headings if heading], rows


def _read_csv(content):
    for encoding in ("utf-8-sig", "cp1252"):  # Excel's "CSV UTF-8", then its Windows "CSV"
        try:
            text = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise UnreadableFile('The file\'s characters could not be read. Save it as "CSV UTF-8" and upload it again')
    try:
        return list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as error:
        raise UnreadableFile(f"The file could not be read as CSV ({error}). Save it as CSV again") from error


def _read_xlsx(content):
    try:
        dataset = XLSX().create_dataset(content)
    except StopIteration:
        return []
    except Exception as error:  # openpyxl raises many kinds for a file that is not a workbook
        raise UnreadableFile("The file could not be read as an Excel workbook (.xlsx). Save it again") from error
    return [dataset.headers or [], *dataset]


def heading_problems(headings):
    problems = []
    missing = [column.name for column in COLUMNS if column.required and column.name not in headings]
    if missing:
        problems.append(
            ImportProblem(
                f"The file is missing the column{'s' if len(missing) > 1 else ''} {', '.join(missing)}. "
                f"Row 1 must have these headings: {', '.join(COLUMN_NAMES)}",
                row=HEADER_ROW,
            )
        )
    for heading, count in Counter(headings).items():
        if count > 1:
            problems.append(ImportProblem("this column heading is there more than once", HEADER_ROW, heading))
    for heading in dict.fromkeys(headings):
        if heading not in COLUMN_NAMES:
            problems.append(
                ImportProblem(
                    "is not a column we know. Remove the column or correct its heading "
                    f"(the columns are {', '.join(COLUMN_NAMES)})",
                    HEADER_ROW,
                    heading,
                )
            )
    return problems


# Checking rows


def _text(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # a number typed into a spreadsheet cell
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    return str(value).strip()


def _key(value):
    return re.sub(r"[\s\-]+", "_", str(value).strip().casefold())


def _lookup(choices):
    """Code or label, case-insensitive (and "30-34" or "in training" as well as the code)."""
    table = {}
    for code, label in choices:
        table[_key(code)] = code
        table[_key(label)] = code
    return table


def _accepted(choices):
    return "; ".join(f"{code} ({label})" for code, label in choices)


class RowChecker:
    """Checks rows one by one, remembering what earlier rows used so duplicates are caught."""

    def __init__(self, scheme, rows):
        self.scheme = scheme
        self.errors = []
        self.today = rules.today()
        self.practices = {}
        self.gmc_rows = {}
        self.email_rows = {}
        self.statuses = [(status.value, status.label) for status in IMPORT_STATUSES]
        self.choices = {
            "role": MentorRole.choices,
            "status": self.statuses,
            "gender": Gender.choices,
            "age_band": AgeBand.choices,
            "ethnicity": Ethnicity.choices,
        }
        self.lookups = {name: _lookup(choices) for name, choices in self.choices.items()}
        self.focus_areas = list(FocusArea.objects.values_list("code", "label"))
        self.focus_lookup = _lookup(self.focus_areas)
        gmc_numbers = {_text(cells.get("gmc_number")) for _, cells in rows}
        self.scheme_gmc = dict(
            Mentor.objects.filter(scheme=scheme, gmc_number__in=gmc_numbers - {""}).values_list("gmc_number", "pk")
        )
        self.scheme_emails = {email.lower() for email in scheme.mentors.values_list("user__email", flat=True)}

    def problem(self, number, column, message):
        self.errors.append(ImportProblem(message, number, column))

    def check(self, number, cells):
        """A MentorRow, or None when the row has problems (recorded in self.errors)."""
        before = len(self.errors)
        value = {name: _text(cells.get(name)) for name in COLUMN_NAMES}
        for name, what in [("first_name", "first name"), ("last_name", "last name")]:
            if not value[name]:
                self.problem(number, name, f"is empty: enter the mentor's {what}")
        email = self.check_email(number, value["email"])
        self.check_gmc_number(
            number, value["gmc_number"], typed_as_number=isinstance(cells.get("gmc_number"), int | float)
        )
        practice = self.check_practice(number, value["practice_ods_code"].upper())
        choice = {name: self.check_choice(number, name, value[name]) for name in self.choices}
        if not value["role"]:
            self.problem(number, "role", f"is empty: use one of {_accepted(MentorRole.choices)}")
        status = choice["status"]
        if not value["status"]:
            self.problem(number, "status", f"is empty: use one of {_accepted(self.statuses)}")
        sessions = self.check_sessions(number, value["clinical_sessions_per_week"], status)
        approved_on = self.check_approved_on(number, cells.get("approved_on"), status)
        capacity = self.check_capacity(number, value["capacity"], status)
        focus_areas = self.check_focus_areas(number, value["focus_areas"])
        if len(self.errors) > before:
            return None
        fields = {
            "gmc_number": value["gmc_number"],
            "practice": practice,
            "role": choice["role"],
            "clinical_sessions_per_week": sessions,
            "approved_on": approved_on,
            "capacity": capacity,
            "gender": choice["gender"] or "",
            "age_band": choice["age_band"] or "",
            "ethnicity": choice["ethnicity"] or "",
        }
        return MentorRow(
            number=number,
            first_name=value["first_name"],
            last_name=value["last_name"],
            email=email,
            status=status,
            focus_areas=focus_areas,
            fields={name: field_value for name, field_value in fields.items() if field_value is not None},
        )

    def check_email(self, number, email):
        if not email:
            self.problem(number, "email", "is empty: enter the mentor's email address")
            return None
        try:
            validate_email(email)
        except ValidationError:
            self.problem(number, "email", f"{email} is not an email address, like name@nhs.net")
            return None
        if email.lower() in self.scheme_emails:
            self.problem(number, "email", f"{email} is already a mentor on this scheme")
        elif email.lower() in self.email_rows:
            self.problem(number, "email", f"{email} is also on row {self.email_rows[email.lower()]}")
        self.email_rows.setdefault(email.lower(), number)
        return email

    def check_gmc_number(self, number, gmc_number, *, typed_as_number):
        if not rules.GMC_NUMBER.match(gmc_number):
            # A spreadsheet drops the leading 0 of a GMC number kept in a number cell.
            hint = " (format the column as text, so a leading 0 is kept)" if typed_as_number else ""
            shown = f"{gmc_number} " if gmc_number else ""
            self.problem(number, "gmc_number", f"{shown}must be 7 digits, like 1234567{hint}".strip())
        elif gmc_number in self.scheme_gmc:
            self.problem(number, "gmc_number", f"{gmc_number} is the GMC number of a mentor already on this scheme")
        elif gmc_number in self.gmc_rows:
            self.problem(
                number, "gmc_number", f"{gmc_number} is also the GMC number on row {self.gmc_rows[gmc_number]}"
            )
        self.gmc_rows.setdefault(gmc_number, number)

    def check_practice(self, number, code):
        if not rules.PRACTICE_CODE.match(code):
            self.problem(
                number,
                "practice_ods_code",
                "must be the practice's ODS code: a capital letter and 5 digits, like A81001",
            )
            return None
        if code not in self.practices:
            self.practices[code] = practice_for_code(code)
        if self.practices[code] is None:
            self.problem(number, "practice_ods_code", f"{code} is not a current GP practice in the NHS reference data")
        return self.practices[code]

    def check_choice(self, number, name, text):
        if not text:
            return None
        code = self.lookups[name].get(_key(text))
        if code is None:
            self.problem(number, name, f"{text} is not one we know: use one of {_accepted(self.choices[name])}")
        return code

    def _whole_number(self, number, column, text):
        if not text:
            return None
        if not text.isdigit():
            self.problem(number, column, f"{text} is not a whole number, like 6")
            return False
        return int(text)

    def check_sessions(self, number, text, status):
        sessions = self._whole_number(number, "clinical_sessions_per_week", text)
        if sessions is False:
            return None
        if status and status != Mentor.Status.LEFT:  # a mentor who has left no longer needs to
            problem = rules.clinical_sessions_problem(self.scheme, sessions)
            if problem:
                self.problem(number, "clinical_sessions_per_week", problem)
        return sessions

    def check_approved_on(self, number, cell, status):
        approved_on = _date(cell)
        if approved_on is False:
            self.problem(number, "approved_on", f"{_text(cell)} is not a date: write it like 2025-09-01 or 01/09/2025")
            return None
        if approved_on and approved_on > self.today:
            self.problem(number, "approved_on", f"{approved_on:%d/%m/%Y} is in the future")
        elif status == Mentor.Status.APPLIED and approved_on:
            self.problem(number, "approved_on", "must be empty for a mentor who has applied and is not yet approved")
        elif status and status != Mentor.Status.APPLIED and not approved_on:
            self.problem(number, "approved_on", "is empty: enter the date the mentor was approved, like 2025-09-01")
        return approved_on

    def check_capacity(self, number, text, status):
        capacity = self._whole_number(number, "capacity", text)
        if capacity is False:
            return None
        if capacity is None and status not in Mentor.ON_SCHEME:
            return None  # not asked of applicants and mentors who have left
        problem = rules.capacity_problem(self.scheme, capacity)
        if problem and status:
            self.problem(number, "capacity", problem)
        return capacity

    def check_focus_areas(self, number, text):
        codes = []
        for item in (part.strip() for part in text.split(LIST_SEPARATOR)):
            if not item:
                continue
            code = self.focus_lookup.get(_key(item))
            if code is None:
                self.problem(
                    number,
                    "focus_areas",
                    f"{item} is not a focus area we know: use {_accepted(self.focus_areas)}, "
                    f"separated by {LIST_SEPARATOR}",
                )
            elif code not in codes:
                codes.append(code)
        return codes


DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]


def _date(cell):
    """A date, None for an empty cell, or False for something that is not a date."""
    if isinstance(cell, datetime.datetime):
        return cell.date()
    if isinstance(cell, datetime.date):
        return cell
    text = _text(cell)
    if not text:
        return None
    for date_format in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text, date_format).date()
        except ValueError:
            continue
    return False
