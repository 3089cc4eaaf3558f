"""Bulk import of a scheme's mentees (a hub's waiting list) from a spreadsheet, all or nothing.

Every row is checked first (mentoring.rules and the database); only a file with no problem at all
is written, in one transaction and a few large inserts: a user per new email address, a registration per
row through mentees_register_many (which checks the scheme's admitted roles again), and the stress
questionnaire and work-life balance rating, where given, through the surveys app
(mentoring.questionnaires), which checks and scores them.
docs/imports.md documents the columns.
"""

import datetime
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models.functions import Lower
from django.utils import timezone

from accounts.services import audit
from mentoring import questionnaires, rules
from mentoring.codes import (
    AgeBand,
    CareerStage,
    ChangeConsidered,
    Ethnicity,
    Gender,
    MenteeRole,
    PreferredContact,
    Reason,
)
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
    users_for_rows,
)
from mentoring.imports.reading import template_csv as columns_template_csv
from mentoring.models import Mentee
from mentoring.services.mentees import mentees_register_many

LONDON = ZoneInfo("Europe/London")
PSS10 = "pss10"
WLB = "wlb"
PSS10_ITEMS, PSS10_LOWEST, PSS10_HIGHEST = 10, 0, 4
WLB_LOWEST, WLB_HIGHEST = 1, 10
YES = {"yes", "true", "1"}
NO = {"no", "false", "0"}

COLUMNS = [
    Column("first_name", True, "Sam"),
    Column("last_name", True, "Okafor"),
    Column("email", True, "sam.okafor@nhs.net"),
    Column("role", True, "salaried_gp"),
    Column("career_stage", False, "early_mid_career"),
    Column("gp_fellow", False, "no"),
    Column("practice_ods_code", False, "A81001"),
    Column("registered_on", False, "2025-09-01"),
    Column("age_band", False, "35_39"),
    Column("gender", False, "female"),
    Column("ethnicity", False, "N"),
    Column("preferred_contact", False, "phone"),
    Column("phone", False, "07123 456789"),
    Column("reasons", False, "work_life_balance;workload"),
    Column("other_reason", False, ""),
    Column("changes_considered", False, "reduce_hours"),
    Column("intends_to_leave", False, "no"),
    Column("pss10_answers", False, "2;3;1;1;2;3;1;2;3;2"),
    Column("wlb_before", False, "4"),
]
COLUMN_NAMES = [column.name for column in COLUMNS]
# Which questionnaire each column fills, and what the file needs it for when it is not set up.
QUESTIONNAIRE_COLUMNS = {"pss10_answers": PSS10, "wlb_before": WLB}


@dataclass
class MenteeRow:
    """One row that passed every check, ready to write."""

    number: int
    first_name: str
    last_name: str
    email: str
    answers: dict  # for mentee_register
    pss10_answers: list[int] | None
    wlb_before: int | None


def template_csv():
    """The downloadable template: the headings the importer expects and one example mentee."""
    return columns_template_csv(COLUMNS)


def mentees_import(*, scheme, file_name, content: bytes, by) -> ImportResult:
    """Check every row of the file; register its mentees (and create any new users, record their
    questionnaires) only if all are good."""
    rows, errors = read_import(file_name, content, COLUMNS, nobody="The file has headings but no mentees in it")
    if errors:
        return ImportResult(errors=errors)

    checker = MenteeRowChecker(scheme, rows, by=by)
    mentee_rows = [mentee_row for number, cells in rows if (mentee_row := checker.check(number, cells))]
    errors = checker.errors + _questionnaire_problems(mentee_rows)
    if errors:
        return ImportResult(errors=errors)
    try:
        created = _write(scheme=scheme, mentee_rows=mentee_rows, file_name=file_name, by=by)
    except (IntegrityError, ValidationError):
        # Checked a moment ago; in the meantime someone registered one of these people, signed up
        # with one of these addresses, or changed the scheme's admitted roles.
        message = "Someone changed this scheme's mentees during the import, so nothing was imported: try again"
        return ImportResult(errors=[ImportProblem(message)])
    return ImportResult(created=created)


def _write(*, scheme, mentee_rows, file_name, by):
    """Everything in a few large inserts, through the bulk services, which check their rules again and
    write the audit rows the one-by-one services write."""
    with transaction.atomic():
        users = users_for_rows(mentee_rows, by=by)
        mentees = mentees_register_many(
            scheme=scheme, registrations=[(users[row.email.lower()], row.answers) for row in mentee_rows], by=by
        )
        questionnaires.import_answers_many(
            imports=[
                (mentee, code, answers)
                for row, mentee in zip(mentee_rows, mentees, strict=True)
                for code, answers in [(PSS10, row.pss10_answers), (WLB, _listed(row.wlb_before))]
                if answers is not None
            ],
            by=by,
        )
        audit(actor=by, action="mentee.import", target=scheme, scheme=scheme, file=file_name, created=len(mentee_rows))
    return len(mentee_rows)


def _listed(rating):
    return None if rating is None else [rating]


def _questionnaire_problems(mentee_rows):
    """Answers to a questionnaire that is not set up on this service cannot be kept."""
    problems = []
    for column, code in QUESTIONNAIRE_COLUMNS.items():
        answered = any(getattr(row, column) is not None for row in mentee_rows)
        if answered and not questionnaires.is_set_up(code):
            problems.append(
                ImportProblem(
                    f"The {code} questionnaire is not set up on this service, so its answers cannot be imported. "
                    "Ask the service team to set it up, or empty this column",
                    column=column,
                )
            )
    return problems


def _open_registrations(scheme, rows):
    """Lower-cased addresses in the file of people already waiting or matched in this scheme."""
    emails = {cell_text(cells.get("email")).lower() for _, cells in rows} - {""}
    registered = (
        Mentee.objects.filter(scheme=scheme, status__in=Mentee.OPEN)
        .annotate(email_lower=Lower("user__email"))
        .filter(email_lower__in=emails)
    )
    return set(registered.values_list("email_lower", flat=True))


class MenteeRowChecker(RowChecker):
    """Checks rows one by one, remembering earlier rows' addresses so duplicates are caught."""

    # A mentee's registration is confidential (even that they asked for mentoring), so the values
    # in their cells are left out of a command's output; codes of organisations and dates are not
    # about the person.
    personal_columns = frozenset(COLUMN_NAMES) - {"practice_ods_code", "registered_on"}

    def __init__(self, scheme, rows, by=None):
        super().__init__(
            {
                "role": MenteeRole.choices,
                "career_stage": CareerStage.choices,
                "age_band": AgeBand.choices,
                "gender": Gender.choices,
                "ethnicity": Ethnicity.choices,
                "preferred_contact": PreferredContact.choices,
            },
            scheme=scheme,
            rows=rows,
            by=by,
        )
        self.scheme = scheme
        self.today = timezone.localdate()
        self.registered_emails = _open_registrations(scheme, rows)

    def check(self, number, cells):
        """A MenteeRow, or None when the row has problems (recorded in self.errors)."""
        before = len(self.errors)
        value = {name: cell_text(cells.get(name)) for name in COLUMN_NAMES}
        for name, what in [("first_name", "first name"), ("last_name", "last name")]:
            if not value[name]:
                self.problem(number, name, f"is empty: enter the mentee's {what}")
        email = self.check_email(
            number,
            value["email"],
            who="mentee",
            taken=self.registered_emails,
            taken_message="is already registered for mentoring with this scheme (waiting for or matched with a mentor)",
        )
        role = self.check_role(number, value["role"])
        career_stage = self.check_choice(number, "career_stage", value["career_stage"])
        is_gp_fellow = self.check_yes_no(number, "gp_fellow", value["gp_fellow"])
        practice = self.check_practice(number, value["practice_ods_code"].upper(), required=False)
        registered_at = self.check_registered_on(number, cells.get("registered_on"))
        choice = {name: self.check_choice(number, name, value[name]) for name in ["age_band", "gender", "ethnicity"]}
        reasons = self.check_codes(number, "reasons", value["reasons"], Reason.choices, "a reason for mentoring")
        changes = self.check_codes(
            number, "changes_considered", value["changes_considered"], ChangeConsidered.choices, "a change"
        )
        intends_to_leave = self.check_yes_no(number, "intends_to_leave", value["intends_to_leave"])
        preferred_contact = self.check_choice(number, "preferred_contact", value["preferred_contact"])
        phone = self.check_phone(number, value["phone"], preferred_contact)
        if Reason.OTHER in (reasons or []) and not value["other_reason"]:
            self.problem(number, "other_reason", "is empty: say what the mentee's other reason for mentoring is")
        pss10_answers = self.check_pss10_answers(number, value["pss10_answers"])
        wlb_before = self.check_wlb_before(number, value["wlb_before"])
        if len(self.errors) > before:
            return None
        answers = {
            "role": role,
            "career_stage": career_stage or "",
            "is_gp_fellow": bool(is_gp_fellow),
            "practice": practice,
            "age_band": choice["age_band"] or "",
            "gender": choice["gender"] or "",
            "ethnicity": choice["ethnicity"] or "",
            "reasons": reasons,
            "other_reason": value["other_reason"] if Reason.OTHER in (reasons or []) else "",
            "preferred_contact": preferred_contact or "",
            "phone": phone,
            "changes_considered": changes,
            "intends_to_leave": intends_to_leave,
        }
        if registered_at:
            answers["registered_at"] = registered_at  # else the model's default: now
        return MenteeRow(
            number=number,
            first_name=value["first_name"],
            last_name=value["last_name"],
            email=email,
            answers=answers,
            pss10_answers=pss10_answers,
            wlb_before=wlb_before,
        )

    def check_role(self, number, text):
        if not text:
            admitted = [
                (code, label) for code, label in MenteeRole.choices if code in self.scheme.admitted_mentee_roles
            ]
            self.problem(number, "role", f"is empty: use one of {accepted_choices(admitted)}")
            return None
        role = self.check_choice(number, "role", text)
        if role and (problem := rules.mentee_role_problem(self.scheme, role)):
            self.problem(number, "role", problem)
        return role

    def check_phone(self, number, text, preferred_contact):
        """The number written the UK way, "" for an empty cell (or a problem recorded)."""
        if not text:
            if preferred_contact == PreferredContact.PHONE:
                self.problem(number, "phone", "is empty: preferred_contact is phone, so give the phone number")
            return ""
        if rules.phone_problem(text):
            self.problem(number, "phone", "is not a UK phone number, like 020 7946 0958 or 07123 456789")
            return ""
        return rules.uk_phone_number(text)

    def check_yes_no(self, number, column, text):
        """True, False, or None for an empty cell (or a problem recorded)."""
        if not text:
            return None
        if text.casefold() in YES:
            return True
        if text.casefold() in NO:
            return False
        self.value_problem(number, column, text, "is not yes or no: write yes or no, or leave it empty")
        return None

    def check_registered_on(self, number, cell):
        """Midnight in London on the day, None for an empty cell (or a problem recorded)."""
        registered_on = cell_date(cell)
        if registered_on is False:
            self.value_problem(
                number, "registered_on", cell_text(cell), "is not a date: write it like 2025-09-01 or 01/09/2025"
            )
            return None
        if registered_on is None:
            return None
        if registered_on > self.today:
            self.problem(number, "registered_on", f"{registered_on:%-d %B %Y} is in the future")
            return None
        return datetime.datetime.combine(registered_on, datetime.time.min, tzinfo=LONDON)

    def check_pss10_answers(self, number, text):
        """Ten whole numbers 0-4 in item order, or None for an empty cell (or a problem recorded)."""
        if not text:
            return None
        parts = [part.strip() for part in text.split(LIST_SEPARATOR)]
        if len(parts) != PSS10_ITEMS or not all(
            is_whole_number(part) and PSS10_LOWEST <= int(part) <= PSS10_HIGHEST for part in parts
        ):
            self.problem(
                number,
                "pss10_answers",
                f"give ten answers from {PSS10_LOWEST} to {PSS10_HIGHEST}, separated by {LIST_SEPARATOR}",
            )
            return None
        return [int(part) for part in parts]

    def check_wlb_before(self, number, text):
        if not text:
            return None
        if not is_whole_number(text) or not WLB_LOWEST <= int(text) <= WLB_HIGHEST:
            self.problem(
                number,
                "wlb_before",
                f"must be a whole number from {WLB_LOWEST} (very poor) to {WLB_HIGHEST} (excellent)",
            )
            return None
        return int(text)
