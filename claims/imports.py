"""Bulk import of a scheme's claim lines approved or paid before it moved onto the service, all or
nothing, from a spreadsheet (CSV or XLSX).

The history makes the ledger's year to date right and stops anything being paid twice: an imported
mentoring line holds its mentor's ISO week (the site will not offer that week again), imported training
lines count towards the training cap, and funding lines count against the career fund. Every row is
checked inside the transaction that writes them, with the scheme locked (the same lock a funding
application and a payment batch take), so the rules are checked against the database as it is written.
docs/imports.md documents the columns.
"""

import datetime
import re
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.services import audit
from claims import selectors
from claims.models import CLAIMED_STATUSES, LIVE_STATUSES, ClaimLine, LineKind, LineStatus
from claims.services import ClaimRuleBroken, claim_history_record, fund_left, pounds
from mentoring import rules
from mentoring.imports.reading import (
    Column,
    ImportProblem,
    ImportResult,
    RowChecker,
    accepted_choices,
    cell_date,
    cell_text,
    read_import,
)
from mentoring.imports.reading import template_csv as columns_template_csv
from mentoring.models import Mentor, TrainingSession
from schemes.models import Scheme

IMPORT_KINDS = [
    LineKind.MENTORING_SESSION,
    LineKind.TRAINING_SESSION,
    LineKind.CAREER_CONVERSATION,
    LineKind.FACILITATOR_COURSE,
    LineKind.CAREER_NEED_FUNDING,
]
IMPORT_STATUSES = [LineStatus.APPROVED, LineStatus.PAID]
AMOUNT = re.compile(r"[0-9]+(\.[0-9]{1,2})?")
REFERENCE_MAX = 100

COLUMNS = [
    Column("gmc_number", True, "1234567"),
    Column("practice_ods_code", False, ""),
    Column("kind", True, "mentoring_session"),
    Column("date", True, "2025-07-03"),
    Column("amount", True, "289.00"),
    Column("status", True, "paid"),
    Column("paid_on", False, "2025-08-15"),
    Column("reference", False, "JUL25-017"),
]
COLUMN_NAMES = [column.name for column in COLUMNS]


@dataclass
class ClaimLineRow:
    """One row that passed every check, ready to write."""

    number: int
    kind: str
    date: datetime.date
    amount: Decimal
    status: str
    paid_on: datetime.date | None
    reference: str
    mentor: Mentor | None = None
    practice: object = None
    week_start: datetime.date | None = None
    training_session: TrainingSession | None = None


def template_csv():
    """The downloadable template: the headings the importer expects and one example line."""
    return columns_template_csv(COLUMNS)


def claims_import(*, scheme, file_name, content: bytes, by) -> ImportResult:
    """Check every row of the file against the claims rules and record its lines only if all are good."""
    rows, errors = read_import(file_name, content, COLUMNS, nobody="The file has headings but no claim lines in it")
    if errors:
        return ImportResult(errors=errors)
    try:
        with transaction.atomic():
            scheme = Scheme.objects.select_for_update().get(pk=scheme.pk)  # one draw on the fund at a time
            checker = ClaimRowChecker(scheme, rows)
            line_rows = [line_row for number, cells in rows if (line_row := checker.check(number, cells))]
            errors = checker.errors + checker.scheme_problems(line_rows)
            if errors:
                return ImportResult(errors=errors)
            claim_history_record(scheme=scheme, lines=line_rows, by=by)
            audit(actor=by, action="claim.import", target=scheme, scheme=scheme, file=file_name, created=len(line_rows))
    except (IntegrityError, ClaimRuleBroken):
        # Checked a moment ago under the scheme's lock; a mentor claimed one of these weeks or
        # training sessions on the site in the meantime.
        message = "Someone claimed on this scheme during the import, so nothing was imported: try again"
        return ImportResult(errors=[ImportProblem(message)])
    return ImportResult(created=len(line_rows))


class ClaimRowChecker(RowChecker):
    """Checks rows one by one, remembering each mentor's weeks and training lines across the file."""

    personal_columns = frozenset({"gmc_number", "reference"})

    def __init__(self, scheme, rows):
        self.kinds = [(kind.value, kind.label) for kind in IMPORT_KINDS]
        self.statuses = [(status.value, status.label) for status in IMPORT_STATUSES]
        super().__init__({"kind": self.kinds, "status": self.statuses})
        self.scheme = scheme
        self.today = timezone.localdate()
        gmc_numbers = {cell_text(cells.get("gmc_number")) for _, cells in rows} - {""}
        # Only this scheme's mentors are found: a GMC number of anyone else reads as unknown.
        self.mentors = {mentor.gmc_number: mentor for mentor in scheme.mentors.filter(gmc_number__in=gmc_numbers)}
        mentor_ids = [mentor.pk for mentor in self.mentors.values()]
        live = ClaimLine.objects.filter(mentor_id__in=mentor_ids, status__in=LIVE_STATUSES)
        self.claimed_weeks = set(
            live.filter(kind=LineKind.MENTORING_SESSION, week_slot=1).values_list("mentor_id", "week_start")
        )
        self.claimed_training = Counter(
            live.filter(kind=LineKind.TRAINING_SESSION, status__in=CLAIMED_STATUSES).values_list("mentor_id", flat=True)
        )
        self.training_sessions = {
            (session.mentor_id, session.attended_on): session
            for session in TrainingSession.objects.filter(mentor_id__in=mentor_ids).exclude(
                pk__in=live.filter(kind=LineKind.TRAINING_SESSION, training_session__isnull=False).values(
                    "training_session"
                )
            )
        }
        self.week_rows = {}
        self.course_paid = set(live.filter(kind=LineKind.FACILITATOR_COURSE).values_list("mentor_id", flat=True))
        self.course_rows = {}

    def check(self, number, cells):
        """A ClaimLineRow, or None when the row has problems (recorded in self.errors)."""
        before = len(self.errors)
        value = {name: cell_text(cells.get(name)) for name in COLUMN_NAMES}
        kind = self.check_choice(number, "kind", value["kind"])
        if not value["kind"]:
            self.problem(number, "kind", f"is empty: use one of {accepted_choices(self.kinds)}")
        status = self.check_choice(number, "status", value["status"])
        if not value["status"]:
            self.problem(number, "status", f"is empty: use one of {accepted_choices(self.statuses)}")
        mentor = practice = None
        if kind == LineKind.CAREER_NEED_FUNDING:
            if value["gmc_number"]:
                self.problem(
                    number, "gmc_number", "must be empty for career-need funding, which is paid to the practice"
                )
            practice = self.check_practice(number, value["practice_ods_code"].upper())
        elif kind:
            if value["practice_ods_code"]:
                self.problem(
                    number, "practice_ods_code", "must be empty: only career-need funding is paid to a practice"
                )
            mentor = self.check_mentor(number, value["gmc_number"])
        line_date = self.check_date(number, "date", cells.get("date"), required=True)
        amount = self.check_amount(number, value["amount"])
        paid_on = self.check_date(number, "paid_on", cells.get("paid_on"), required=False)
        if status == LineStatus.PAID and not value["paid_on"]:
            self.problem(number, "paid_on", "is empty: enter the date the line was paid, like 2025-08-15")
        elif status == LineStatus.APPROVED and paid_on:
            self.problem(number, "paid_on", "must be empty for a line approved and not yet paid")
        elif paid_on and line_date and paid_on < line_date:
            self.problem(number, "paid_on", f"{paid_on:%d/%m/%Y} is before the line's date, {line_date:%d/%m/%Y}")
        if len(value["reference"]) > REFERENCE_MAX:
            self.problem(number, "reference", f"is longer than {REFERENCE_MAX} characters")
        row = ClaimLineRow(
            number=number,
            kind=kind,
            date=line_date,
            amount=amount,
            status=status,
            paid_on=paid_on,
            reference=value["reference"],
            mentor=mentor,
            practice=practice,
        )
        if len(self.errors) == before and kind == LineKind.MENTORING_SESSION:
            self.check_week(row)
        if len(self.errors) == before and kind == LineKind.TRAINING_SESSION:
            self.check_training(row)
        if len(self.errors) == before and kind == LineKind.FACILITATOR_COURSE:
            self.check_course(row)
        return None if len(self.errors) > before else row

    def check_mentor(self, number, gmc_number):
        if not gmc_number:
            self.problem(number, "gmc_number", "is empty: enter the GMC number of the mentor the line paid")
            return None
        if not rules.GMC_NUMBER.fullmatch(gmc_number):
            self.problem(number, "gmc_number", "must be 7 digits, like 1234567", personal=gmc_number)
            return None
        mentor = self.mentors.get(gmc_number)
        if mentor is None:
            self.value_problem(
                number,
                "gmc_number",
                gmc_number,
                "is not the GMC number of a mentor on this scheme: import the mentor first",
            )
        return mentor

    def check_date(self, number, column, cell, *, required):
        day = cell_date(cell)
        if day is False:
            self.problem(number, column, f"{cell_text(cell)} is not a date: write it like 2025-07-03 or 03/07/2025")
            return None
        if day is None:
            if required:
                self.problem(number, column, "is empty: enter a date like 2025-07-03")
            return None
        if day > self.today:
            self.problem(number, column, f"{day:%d/%m/%Y} is in the future")
            return None
        return day

    def check_amount(self, number, text):
        cleaned = text.replace("£", "").replace(",", "").strip()
        if not cleaned:
            self.problem(number, "amount", "is empty: enter the amount in pounds and pence, like 289.00")
            return None
        if not AMOUNT.fullmatch(cleaned):
            self.problem(number, "amount", f"{text} is not an amount in pounds and pence, like 289.00")
            return None
        amount = Decimal(cleaned).quantize(Decimal("0.01"))
        if amount <= 0:
            self.problem(number, "amount", "must be more than £0.00")
            return None
        return amount

    def check_week(self, row):
        """One mentoring line per mentor and ISO week: not twice in the file, not already claimed."""
        row.week_start = selectors.week_start(row.date)
        year, week, _ = row.date.isocalendar()
        key = (row.mentor.pk, row.week_start)
        if key in self.week_rows:
            self.problem(
                row.number,
                "date",
                f"{row.date:%d/%m/%Y} is in the same week ({year}-W{week:02d}) as this mentor's mentoring line on "
                f"row {self.week_rows[key]}: one mentoring session a week is paid",
            )
        elif key in self.claimed_weeks:
            self.problem(
                row.number,
                "date",
                f"{row.date:%d/%m/%Y} is in a week ({year}-W{week:02d}) already claimed for this mentor on the service",
            )
        self.week_rows.setdefault(key, row.number)

    def check_course(self, row):
        """A facilitator's course time is paid once: not twice in the file, not already on the service."""
        key = row.mentor.pk
        if key in self.course_rows:
            self.problem(
                row.number, "kind", f"repeats this mentor's facilitator course line on row {self.course_rows[key]}"
            )
        elif key in self.course_paid:
            self.problem(row.number, "kind", "this mentor's facilitator course time is already claimed on the service")
        self.course_rows.setdefault(key, row.number)

    def check_training(self, row):
        """The training cap: lines already claimed on the service and earlier rows count."""
        mentor = row.mentor
        self.claimed_training[mentor.pk] += 1
        if self.claimed_training[mentor.pk] > self.scheme.max_training_sessions:
            self.problem(
                row.number,
                "kind",
                f"takes this mentor past the {self.scheme.max_training_sessions} training sessions the scheme pays "
                "for in all (counting lines already claimed and earlier rows)",
            )
        # A training session recorded on the service on the same day is the line's evidence, so the
        # site does not offer it to be claimed again.
        row.training_session = self.training_sessions.pop((mentor.pk, row.date), None)

    def scheme_problems(self, line_rows):
        """Funding lines count against the career fund, with what is already applied for."""
        funding = [row for row in line_rows if row.kind == LineKind.CAREER_NEED_FUNDING]
        if not funding:
            return []
        if self.scheme.career_fund is None:
            return [
                ImportProblem(
                    "This scheme has no career fund set, so career-need funding cannot be imported. "
                    "Set the fund in the scheme's settings",
                    row=funding[0].number,
                    column="kind",
                )
            ]
        left = fund_left(self.scheme)
        for row in funding:
            left -= row.amount
            if left < 0:
                return [
                    ImportProblem(
                        f"takes the career fund of {pounds(self.scheme.career_fund)} past its total, "
                        "with the funding already applied for and the earlier rows",
                        row=row.number,
                        column="amount",
                    )
                ]
        return []
