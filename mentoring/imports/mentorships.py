"""Bulk import of a hub's mentoring history (one row per mentoring pair) from a spreadsheet, all or
nothing: the mentorship, its held sessions, and the mentee's final review where given.

Every row is checked first; only a file with no problem at all is written, in one transaction,
through mentoring.services.history (which checks the site's rules again under locks) and
mentoring.questionnaires for the final review (the surveys app answers it). docs/imports.md documents the columns.
"""

import datetime
from collections import Counter
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models.functions import Lower
from django.utils import timezone

from accounts.services import audit
from mentoring import questionnaires, rules
from mentoring.codes import Mode, Reason
from mentoring.imports.reading import (
    LIST_SEPARATOR,
    Column,
    ImportProblem,
    ImportResult,
    RowChecker,
    accepted_choices,
    cell_date,
    cell_text,
    is_whole_number,
    read_import,
)
from mentoring.imports.reading import template_csv as columns_template_csv
from mentoring.models import Mentee, Mentor, Mentorship
from mentoring.services.history import mentorship_history_problem, mentorship_history_record

FINAL_REVIEW = "final_review"
WLB_LOWEST, WLB_HIGHEST = 1, 10
IMPORT_STATUSES = [Mentorship.Status.ACTIVE, Mentorship.Status.COMPLETED, Mentorship.Status.WITHDRAWN]
ENDED = (Mentorship.Status.COMPLETED, Mentorship.Status.WITHDRAWN)

COLUMNS = [
    Column("mentee_email", True, "sam.okafor@nhs.net"),
    Column("mentor_gmc_number", True, "1234567"),
    Column("status", True, "completed"),
    Column("sessions", True, "2025-07-03:60;2025-07-31:45;2025-09-25:60"),
    Column("mode", False, "video"),
    Column("ended_on", False, "2025-09-25"),
    Column("end_reason", False, ""),
    Column("reasons_addressed", False, "work_life_balance;workload"),
    Column("wlb_after", False, "7"),
]
COLUMN_NAMES = [column.name for column in COLUMNS]


@dataclass
class MentorshipRow:
    """One row that passed every check, ready to write."""

    number: int
    mentee: Mentee
    mentor: Mentor
    status: str
    sessions: list
    mode: str
    ended_on: datetime.date | None
    end_reason: str
    reasons_addressed: list
    wlb_after: int | None


def template_csv():
    """The downloadable template: the headings the importer expects and one example mentorship."""
    return columns_template_csv(COLUMNS)


def mentorships_import(*, scheme, file_name, content: bytes, by) -> ImportResult:
    """Check every row of the file; record its mentorships and sessions only if all are good."""
    rows, errors = read_import(file_name, content, COLUMNS, nobody="The file has headings but no mentorships in it")
    if errors:
        return ImportResult(errors=errors)

    checker = MentorshipRowChecker(scheme, rows)
    mentorship_rows = [found for number, cells in rows if (found := checker.check(number, cells))]
    errors = (
        checker.errors
        + checker.sequence_problems(mentorship_rows)
        + checker.place_problems(mentorship_rows)
        + _questionnaire_problems(mentorship_rows)
    )
    if errors:
        return ImportResult(errors=errors)
    try:
        created = _write(scheme=scheme, mentorship_rows=mentorship_rows, file_name=file_name, by=by)
    except (IntegrityError, ValidationError):
        # Checked a moment ago; in the meantime someone matched one of these mentees or filled one of
        # these mentors' places on the site.
        message = "Someone changed this scheme's mentorships during the import, so nothing was imported: try again"
        return ImportResult(errors=[ImportProblem(message)])
    return ImportResult(created=created)


def _write(*, scheme, mentorship_rows, file_name, by):
    with transaction.atomic():
        # Oldest first, so a mentee's latest mentorship decides where they stand now.
        for row in sorted(mentorship_rows, key=lambda row: row.sessions[0][0]):
            mentorship = mentorship_history_record(
                mentee=row.mentee,
                mentor=row.mentor,
                status=row.status,
                sessions=row.sessions,
                mode=row.mode,
                ended_on=row.ended_on,
                end_reason=row.end_reason,
                reasons_addressed=row.reasons_addressed,
                by=by,
            )
            if row.wlb_after is not None:
                questionnaires.record_final_review(
                    mentorship=mentorship, reasons_addressed=row.reasons_addressed, wlb=row.wlb_after, by=by
                )
        audit(
            actor=by,
            action="mentorship.import",
            target=scheme,
            scheme=scheme,
            file=file_name,
            created=len(mentorship_rows),
        )
    return len(mentorship_rows)


def _questionnaire_problems(mentorship_rows):
    if any(row.wlb_after is not None for row in mentorship_rows) and not questionnaires.is_set_up(FINAL_REVIEW):
        return [
            ImportProblem(
                "The final review questionnaire is not set up on this service, so wlb_after cannot be imported. "
                "Ask the service team to set it up, or empty this column",
                column="wlb_after",
            )
        ]
    return []


class MentorshipRowChecker(RowChecker):
    """Checks rows one by one; finds mentees and mentors only among this scheme's own."""

    # Which mentee had mentoring, and why it ended, is confidential: a command prints neither.
    personal_columns = frozenset({"mentee_email", "mentor_gmc_number", "end_reason", "reasons_addressed", "wlb_after"})

    def __init__(self, scheme, rows):
        self.statuses = [(status.value, status.label) for status in IMPORT_STATUSES]
        super().__init__({"status": self.statuses, "mode": Mode.choices})
        self.scheme = scheme
        self.today = timezone.localdate()
        emails = {cell_text(cells.get("mentee_email")).lower() for _, cells in rows} - {""}
        # A mentee's latest registration with this scheme; an address of anyone else reads as unknown.
        self.mentees = {}
        for mentee in (
            Mentee.objects.filter(scheme=scheme)
            .annotate(email_lower=Lower("user__email"))
            .filter(email_lower__in=emails)
            .order_by("registered_at")
        ):
            self.mentees[mentee.email_lower] = mentee
        gmc_numbers = {cell_text(cells.get("mentor_gmc_number")) for _, cells in rows} - {""}
        self.mentors = {mentor.gmc_number: mentor for mentor in scheme.mentors.filter(gmc_number__in=gmc_numbers)}

    def check(self, number, cells):
        """A MentorshipRow, or None when the row has problems (recorded in self.errors)."""
        before = len(self.errors)
        value = {name: cell_text(cells.get(name)) for name in COLUMN_NAMES}
        mentee = self.check_mentee(number, value["mentee_email"])
        mentor = self.check_mentor(number, value["mentor_gmc_number"])
        status = self.check_choice(number, "status", value["status"])
        if not value["status"]:
            self.problem(number, "status", f"is empty: use one of {accepted_choices(self.statuses)}")
        mode = self.check_choice(number, "mode", value["mode"]) or Mode.VIDEO
        sessions = self.check_sessions(number, value["sessions"])
        ended_on = self.check_ended_on(number, cells.get("ended_on"), status, sessions)
        end_reason = value["end_reason"]
        if end_reason and status and status != Mentorship.Status.WITHDRAWN:
            self.problem(number, "end_reason", "must be empty unless the status is withdrawn")
        elif status == Mentorship.Status.WITHDRAWN and not end_reason:
            self.problem(number, "end_reason", "is empty: say why the mentoring was withdrawn")
        reasons = self.check_codes(number, "reasons_addressed", value["reasons_addressed"], Reason.choices, "a reason")
        wlb_after = self.check_wlb(number, value["wlb_after"])
        if status and status != Mentorship.Status.COMPLETED:
            for column, given in [("reasons_addressed", reasons), ("wlb_after", wlb_after is not None)]:
                if given:
                    self.problem(number, column, "must be empty unless the status is completed (the final review)")
        problem = None
        if len(self.errors) == before and mentee and mentor and status and sessions:
            problem = mentorship_history_problem(
                mentee=mentee, mentor=mentor, status=status, first_held_on=sessions[0][0]
            )
        if problem:
            column = "sessions" if "session" in problem else "mentor_gmc_number"
            column = "mentee_email" if "mentee" in problem else column
            self.problem(number, column, problem)
        if len(self.errors) > before:
            return None
        return MentorshipRow(
            number=number,
            mentee=mentee,
            mentor=mentor,
            status=status,
            sessions=sessions,
            mode=mode,
            ended_on=ended_on,
            end_reason=end_reason,
            reasons_addressed=reasons,
            wlb_after=wlb_after,
        )

    def check_mentee(self, number, email):
        if not email:
            self.problem(number, "mentee_email", "is empty: enter the mentee's email address")
            return None
        mentee = self.mentees.get(email.lower())
        if mentee is None:
            self.value_problem(
                number, "mentee_email", email, "is not a mentee registered with this scheme: import the mentee first"
            )
        return mentee

    def check_mentor(self, number, gmc_number):
        if not gmc_number:
            self.problem(number, "mentor_gmc_number", "is empty: enter the mentor's GMC number")
            return None
        if not rules.GMC_NUMBER.fullmatch(gmc_number):
            self.problem(number, "mentor_gmc_number", "must be 7 digits, like 1234567", personal=gmc_number)
            return None
        mentor = self.mentors.get(gmc_number)
        if mentor is None:
            self.value_problem(
                number,
                "mentor_gmc_number",
                gmc_number,
                "is not the GMC number of a mentor on this scheme: import the mentor first",
            )
        return mentor

    def check_sessions(self, number, text):
        """[(date, minutes)] in date order, or None (with problems recorded)."""
        example = "write each session as date:minutes, separated by ;, like 2025-07-03:60;2025-07-31:45"
        items = [item.strip() for item in text.split(LIST_SEPARATOR) if item.strip()]
        if not items:
            self.problem(number, "sessions", f"is empty: {example}")
            return None
        sessions, before = [], len(self.errors)
        for item in items:
            day_text, _, minutes_text = item.rpartition(":")
            held_on = cell_date(day_text.strip())
            if not day_text or not held_on or not is_whole_number(minutes_text.strip()):
                self.problem(number, "sessions", f"{item} is not a session: {example}")
                continue
            minutes = int(minutes_text)
            if held_on > self.today:
                self.problem(number, "sessions", f"{held_on:%d/%m/%Y} is in the future")
            elif problem := rules.session_minutes_problem(minutes):
                self.problem(number, "sessions", f"{item}: {problem}")
            sessions.append((held_on, minutes))
        if len(self.errors) > before:
            return None
        if sessions != sorted(sessions):
            self.problem(number, "sessions", "list the sessions in date order, the introductory session first")
            return None
        return sessions

    def check_ended_on(self, number, cell, status, sessions):
        ended_on = cell_date(cell)
        if ended_on is False:
            self.problem(number, "ended_on", f"{cell_text(cell)} is not a date: write it like 2025-09-25 or 25/09/2025")
            return None
        if ended_on is None:
            if status in ENDED:
                self.problem(number, "ended_on", "is empty: enter the date the mentoring ended, like 2025-09-25")
            return None
        if status == Mentorship.Status.ACTIVE:
            self.problem(number, "ended_on", "must be empty for a mentorship still going on")
        elif ended_on > self.today:
            self.problem(number, "ended_on", f"{ended_on:%d/%m/%Y} is in the future")
        elif sessions and ended_on < sessions[-1][0]:
            self.problem(
                number, "ended_on", f"{ended_on:%d/%m/%Y} is before the last session, {sessions[-1][0]:%d/%m/%Y}"
            )
        return ended_on

    def check_wlb(self, number, text):
        if not text:
            return None
        if not is_whole_number(text) or not WLB_LOWEST <= int(text) <= WLB_HIGHEST:
            self.value_problem(number, "wlb_after", text, f"must be a whole number from {WLB_LOWEST} to {WLB_HIGHEST}")
            return None
        return int(text)

    def sequence_problems(self, mentorship_rows):
        """A mentee's mentorships one after another, oldest first: each begins while the mentee waits
        (after the one before ended), so at most one is open."""
        after = {
            Mentorship.Status.ACTIVE: Mentee.Status.MATCHED,
            Mentorship.Status.COMPLETED: Mentee.Status.FINISHED,
            Mentorship.Status.WITHDRAWN: Mentee.Status.WAITING,
        }
        problems, by_mentee = [], {}
        for row in mentorship_rows:
            by_mentee.setdefault(row.mentee.pk, []).append(row)
        for rows in by_mentee.values():
            rows.sort(key=lambda row: row.sessions[0][0])
            for earlier, later in zip(rows, rows[1:], strict=False):
                if after[earlier.status] != Mentee.Status.WAITING:
                    message = (
                        f"the mentee's mentorship on row {earlier.number} is {earlier.status}, "
                        "so this one cannot follow it"
                    )
                elif later.sessions[0][0] < earlier.ended_on:
                    message = f"begins before the mentee's mentorship on row {earlier.number} ended"
                else:
                    continue
                problems.append(ImportProblem(message, later.number, "sessions"))
        return problems

    def place_problems(self, mentorship_rows):
        """The mentor's places: open mentorships on the site and the file's active rows together."""
        joining = Counter(row.mentor.pk for row in mentorship_rows if row.status == Mentorship.Status.ACTIVE)
        problems = []
        for row in mentorship_rows:
            if row.status != Mentorship.Status.ACTIVE:
                continue
            mentor = row.mentor
            holding = mentor.mentorships.filter(status__in=Mentorship.HOLDS_A_PLACE).count()
            if holding + joining[mentor.pk] > (mentor.capacity or 0):
                problems.append(
                    ImportProblem(
                        f"the mentor has {mentor.capacity or 0} places, {holding} taken on the service, and the file "
                        f"has {joining[mentor.pk]} active mentorships with them",
                        row.number,
                        "mentor_gmc_number",
                    )
                )
                joining[mentor.pk] = -10_000  # report each mentor once
        return problems
