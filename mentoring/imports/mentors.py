"""Bulk import of a hub's mentor list from a spreadsheet (CSV or XLSX), all or nothing.

The file is read with tablib / django-import-export's format classes, every row is checked
against the scheme's rules (mentoring.rules) and the database, and only a file with no problem at
all is written, in one transaction and a few large inserts, through the services' bulk counterparts.
docs/imports.md documents the columns; docs/adr/0004-mentor-imports.md says why this is not an
import-export Resource.
"""

import dataclasses
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.services import audit
from mentoring import rules
from mentoring.codes import AgeBand, Ethnicity, Gender, MentorRole
from mentoring.imports.reading import (
    LIST_SEPARATOR,
    Column,
    ImportProblem,
    ImportResult,
    RowChecker,
    accepted_choices,
    cell_date,
    cell_text,
    choice_key,
    read_import,
    users_for_rows,
)
from mentoring.imports.reading import template_csv as columns_template_csv
from mentoring.models import FocusArea, Mentor, TrainingRecord
from mentoring.services.mentors import mentors_create_many
from mentoring.services.training import training_records_add_many, training_sessions_record_many
from schemes.models import Scheme

IMPORT_STATUSES = [
    Mentor.Status.APPLIED,
    Mentor.Status.IN_TRAINING,
    Mentor.Status.ACTIVE,
    Mentor.Status.PAUSED,
    Mentor.Status.LEFT,
]

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
    Column("training_course", False, "ilm5"),
    Column("training_started_on", False, "2024-09-01"),
    Column("training_completed_on", False, "2025-06-30"),
    Column("training_session_dates", False, "2024-09-12;2024-10-10;2024-11-14"),
]
TRAINING_COLUMNS = ["training_course", "training_started_on", "training_completed_on", "training_session_dates"]
COLUMN_NAMES = [column.name for column in COLUMNS]


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
    training: dict | None = None  # course, started_on, completed_on
    training_session_dates: list = dataclasses.field(default_factory=list)


def template_csv():
    """The downloadable template: the headings the importer expects and one example mentor."""
    return columns_template_csv(COLUMNS)


def mentors_import(*, scheme, file_name, content: bytes, by) -> ImportResult:
    """Check every row of the file; create its mentors (and any new users) only if all are good."""
    rows, errors = read_import(file_name, content, COLUMNS, nobody="The file has headings but no mentors in it")
    if errors:
        return ImportResult(errors=errors)

    checker = MentorRowChecker(scheme, rows, by=by)
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
        users = users_for_rows(mentor_rows, by=by)
        mentors = mentors_create_many(
            scheme=scheme,
            mentors=[
                {
                    "user": users[row.email.lower()],
                    "status": row.status,
                    "focus_areas": row.focus_areas,
                    "fields": row.fields,
                }
                for row in mentor_rows
            ],
            by=by,
        )
        _write_training(mentors=mentors, mentor_rows=mentor_rows, by=by)
        audit(actor=by, action="mentor.import", target=scheme, scheme=scheme, file=file_name, created=len(mentor_rows))
    return len(mentor_rows)


def _write_training(*, mentors, mentor_rows, by):
    """The courses and the training sessions attended, through the training services, so the two-year
    rule and the claims' training cap see them as they see training recorded on the service."""
    courses = {}
    for mentor, row in zip(mentors, mentor_rows, strict=True):
        if row.training:
            course, started_on, completed_on = (
                row.training["course"],
                row.training["started_on"],
                row.training["completed_on"],
            )
            courses[mentor.pk] = TrainingRecord(
                mentor=mentor,
                course=course,
                # An equivalent course's own name is not in the file; staff can correct it in the admin.
                course_name=TrainingRecord.Course(course).label if course == TrainingRecord.Course.EQUIVALENT else "",
                provider="",
                started_on=started_on,
                expected_completion_on=completed_on or started_on + relativedelta(years=rules.TRAINING_MAX_YEARS),
                completed_on=completed_on,
            )
    training_records_add_many(records=list(courses.values()), by=by)
    training_sessions_record_many(
        attendances=[
            (mentor, attended_on, courses.get(mentor.pk))
            for mentor, row in zip(mentors, mentor_rows, strict=True)
            for attended_on in row.training_session_dates
        ],
        by=by,
    )


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


# Checking rows


class MentorRowChecker(RowChecker):
    """Checks rows one by one, remembering what earlier rows used so duplicates are caught."""

    personal_columns = frozenset({"email", "gmc_number", "gender", "age_band", "ethnicity"})

    def __init__(self, scheme, rows, by=None):
        self.statuses = [(status.value, status.label) for status in IMPORT_STATUSES]
        super().__init__(
            {
                "role": MentorRole.choices,
                "status": self.statuses,
                "gender": Gender.choices,
                "age_band": AgeBand.choices,
                "ethnicity": Ethnicity.choices,
                "training_course": TrainingRecord.Course.choices,
            },
            scheme=scheme,
            rows=rows,
            by=by,
        )
        self.scheme = scheme
        self.today = timezone.localdate()
        self.gmc_rows = {}
        self.focus_areas = list(FocusArea.objects.values_list("code", "label"))
        gmc_numbers = {cell_text(cells.get("gmc_number")) for _, cells in rows}
        self.scheme_gmc = dict(
            Mentor.objects.filter(scheme=scheme, gmc_number__in=gmc_numbers - {""}).values_list("gmc_number", "pk")
        )
        self.scheme_emails = {email.lower() for email in scheme.mentors.values_list("user__email", flat=True)}

    def check(self, number, cells):
        """A MentorRow, or None when the row has problems (recorded in self.errors)."""
        before = len(self.errors)
        value = {name: cell_text(cells.get(name)) for name in COLUMN_NAMES}
        for name, what in [("first_name", "first name"), ("last_name", "last name")]:
            if not value[name]:
                self.problem(number, name, f"is empty: enter the mentor's {what}")
        email = self.check_email(
            number,
            value["email"],
            who="mentor",
            taken=self.scheme_emails,
            taken_message="is already a mentor on this scheme",
        )
        self.check_gmc_number(
            number, value["gmc_number"], typed_as_number=isinstance(cells.get("gmc_number"), int | float)
        )
        practice = self.check_practice(number, value["practice_ods_code"].upper())
        choice = {name: self.check_choice(number, name, value[name]) for name in self.choices}
        if not value["role"]:
            self.problem(number, "role", f"is empty: use one of {accepted_choices(MentorRole.choices)}")
        status = choice["status"]
        if not value["status"]:
            self.problem(number, "status", f"is empty: use one of {accepted_choices(self.statuses)}")
        sessions = self.check_sessions(number, value["clinical_sessions_per_week"], status)
        approved_on = self.check_approved_on(number, cells.get("approved_on"), status)
        capacity = self.check_capacity(number, value["capacity"], status)
        focus_areas = self.check_codes(number, "focus_areas", value["focus_areas"], self.focus_areas, "a focus area")
        training, session_dates = self.check_training(number, cells, value)
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
            training=training,
            training_session_dates=session_dates,
        )

    def check_gmc_number(self, number, gmc_number, *, typed_as_number):
        if not rules.GMC_NUMBER.fullmatch(gmc_number):
            # A spreadsheet drops the leading 0 of a GMC number kept in a number cell.
            hint = " (format the column as text, so a leading 0 is kept)" if typed_as_number else ""
            self.problem(number, "gmc_number", f"must be 7 digits, like 1234567{hint}", personal=gmc_number)
        elif gmc_number in self.scheme_gmc:
            self.value_problem(number, "gmc_number", gmc_number, "is the GMC number of a mentor already on this scheme")
        elif gmc_number in self.gmc_rows:
            self.value_problem(
                number, "gmc_number", gmc_number, f"is also the GMC number on row {self.gmc_rows[gmc_number]}"
            )
        self.gmc_rows.setdefault(gmc_number, number)

    def check_sessions(self, number, text, status):
        sessions = self.whole_number(number, "clinical_sessions_per_week", text)
        if sessions is False:
            return None
        if status and status != Mentor.Status.LEFT:  # a mentor who has left no longer needs to
            problem = rules.clinical_sessions_problem(self.scheme, sessions)
            if problem:
                self.problem(number, "clinical_sessions_per_week", problem)
        return sessions

    def check_approved_on(self, number, cell, status):
        approved_on = cell_date(cell)
        if approved_on is False:
            self.value_problem(
                number, "approved_on", cell_text(cell), "is not a date: write it like 2025-09-01 or 01/09/2025"
            )
            return None
        if approved_on and approved_on > self.today:
            self.problem(number, "approved_on", f"{approved_on:%-d %B %Y} is in the future")
        elif status == Mentor.Status.APPLIED and approved_on:
            self.problem(number, "approved_on", "must be empty for a mentor who has applied and is not yet approved")
        elif status and status != Mentor.Status.APPLIED and not approved_on:
            self.problem(number, "approved_on", "is empty: enter the date the mentor was approved, like 2025-09-01")
        return approved_on

    def check_capacity(self, number, text, status):
        capacity = self.whole_number(number, "capacity", text)
        if capacity is False:
            return None
        if capacity is None and status not in Mentor.ON_SCHEME:
            return None  # not asked of applicants and mentors who have left
        problem = rules.capacity_problem(self.scheme, capacity)
        if problem and status:
            self.problem(number, "capacity", problem)
        return capacity

    def check_training_date(self, number, column, cell):
        day = cell_date(cell)
        if day is False:
            self.problem(number, column, f"{cell_text(cell)} is not a date: write it like 2024-09-01 or 01/09/2024")
            return None
        if day and day > self.today:
            self.problem(number, column, f"{day:%d/%m/%Y} is in the future")
            return None
        return day

    def check_training(self, number, cells, value):
        """(the course's fields or None, [training session dates]) from the training columns."""
        if not any(value[name] for name in TRAINING_COLUMNS):
            return None, []
        # An unknown course is reported with the other coded columns in check().
        course = self.lookups["training_course"].get(choice_key(value["training_course"]))
        if not value["training_course"]:
            self.problem(
                number,
                "training_course",
                f"is empty: use one of {accepted_choices(TrainingRecord.Course.choices)}, "
                "or leave every training column empty",
            )
        started_on = self.check_training_date(number, "training_started_on", cells.get("training_started_on"))
        completed_on = self.check_training_date(number, "training_completed_on", cells.get("training_completed_on"))
        if not value["training_started_on"]:
            self.problem(number, "training_started_on", "is empty: enter the date the course started, like 2024-09-01")
        if started_on and completed_on:
            if completed_on < started_on:
                self.problem(
                    number,
                    "training_completed_on",
                    f"{completed_on:%d/%m/%Y} is before the start, {started_on:%d/%m/%Y}",
                )
            elif problem := rules.training_dates_problem(started_on, completed_on):
                self.problem(number, "training_completed_on", problem)
        session_dates = []
        for item in (part.strip() for part in value["training_session_dates"].split(LIST_SEPARATOR)):
            if not item:
                continue
            day = cell_date(item)
            if not day:
                self.problem(
                    number,
                    "training_session_dates",
                    f"{item} is not a date: write dates like 2024-09-12, separated by ;",
                )
            elif day > self.today:
                self.problem(number, "training_session_dates", f"{day:%d/%m/%Y} is in the future")
            elif started_on and day < started_on:
                self.problem(
                    number,
                    "training_session_dates",
                    f"{day:%d/%m/%Y} is before the course started, {started_on:%d/%m/%Y}",
                )
            elif day in session_dates:
                self.problem(number, "training_session_dates", f"{day:%d/%m/%Y} is there twice")
            else:
                session_dates.append(day)
        training = {"course": course, "started_on": started_on, "completed_on": completed_on}
        return training, sorted(session_dates)
