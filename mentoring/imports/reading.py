"""What every spreadsheet import shares: reading CSV or XLSX, the headings, the cells, and problems.

An import module (mentors, mentees) lists its columns and subclasses RowChecker; this module reads
the file into numbered rows, checks the heading row against the columns, and turns cells into text,
dates, whole numbers, codes and lists of codes, recording a problem for each bad cell.
"""

import csv
import datetime
import functools
import io
import re
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models.functions import Lower
from import_export.formats.base_formats import XLSX

from accounts.models import User
from accounts.services import users_create_many
from mentoring import rules
from mentoring.services.mentors import practice_for_code, practices_for_codes

LIST_SEPARATOR = ";"
# The largest file an import reads, and the most an .xlsx (a zip) may unpack to: a small file that
# unpacks to gigabytes is refused before a byte of it is parsed.
MAX_FILE_BYTES = 5 * 1024 * 1024
XLSX_MAX_UNPACKED_BYTES = 50 * 1024 * 1024
HEADER_ROW = 1  # rows are numbered as a spreadsheet shows them: the headings are row 1
DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]


@dataclass(frozen=True)
class Column:
    name: str
    required: bool
    example: str


@dataclass(frozen=True)
class ImportProblem:
    """One thing wrong with the file, placed where the person will look for it.

    `personal` is the person's own data the message is about (an email address, a GMC number, a
    demographic answer): staff see it on the admin page, but it is left out of what a command
    prints, which ends up in terminals, CI logs and tickets. The message reads well without it.
    """

    message: str
    row: int | None = None
    column: str | None = None
    personal: str = ""

    def __str__(self):
        return self._describe(f"{self.personal} {self.message}" if self.personal else self.message)

    def without_personal_data(self):
        return self._describe(self.message)

    def _describe(self, message):
        place = ", ".join(part for part in [f"Row {self.row}" if self.row else "", self.column or ""] if part)
        return f"{place}: {message}" if place else message


@dataclass
class ImportResult:
    errors: list[ImportProblem] = field(default_factory=list)
    created: int = 0

    @property
    def ok(self):
        return not self.errors


class UnreadableFile(Exception):
    """The file is not a spreadsheet we can read; the message says what to do."""


def template_csv(columns):
    """The downloadable template: the headings the importer expects and one example row."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([column.name for column in columns])
    writer.writerow([column.example for column in columns])
    return out.getvalue()


def read_import(file_name, content, columns, *, nobody):
    """([(row number, {heading: value})] of the non-blank rows, [problems with the file as a whole]).

    `nobody` is the message for a file with headings and no rows."""
    try:
        headings, rows = read_spreadsheet(file_name, content)
    except UnreadableFile as problem:
        return [], [ImportProblem(str(problem))]
    errors = heading_problems(headings, columns)
    if errors:
        return [], errors
    rows = [(number, cells) for number, cells in rows if any(cell_text(value) for value in cells.values())]
    if not rows:
        return [], [ImportProblem(nobody)]
    return rows, []


def read_spreadsheet(file_name, content):
    """(headings, [(row number, {heading: value})]); XLSX cells keep their types (dates stay dates)."""
    extension = Path(file_name or "").suffix.lower()
    if len(content) > MAX_FILE_BYTES:
        raise UnreadableFile(
            f"The file must be smaller than {MAX_FILE_BYTES // (1024 * 1024)} MB: split it into smaller files"
        )
    if extension == ".csv":
        table = _read_csv(content)
    elif extension == ".xlsx":
        table = _read_xlsx(content)
    else:
        raise UnreadableFile("Upload a CSV file or an Excel workbook (.xlsx)")
    if not table:
        raise UnreadableFile("The file is empty: the first row must hold the column headings")
    headings = [cell_text(heading).lower() for heading in table[0]]
    rows = []
    for number, cells in enumerate(table[1:], start=HEADER_ROW + 1):
        for index, value in enumerate(cells):
            if "\x00" in cell_text(value):
                raise UnreadableFile(f"Row {number}: column {index + 1} holds a null character. Save the file again")
            if cell_text(value) and (index >= len(headings) or not headings[index]):
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
        with zipfile.ZipFile(io.BytesIO(content)) as workbook:
            unpacked = sum(member.file_size for member in workbook.infolist())
    except zipfile.BadZipFile as error:
        raise UnreadableFile("The file could not be read as an Excel workbook (.xlsx). Save it again") from error
    if unpacked > XLSX_MAX_UNPACKED_BYTES:
        raise UnreadableFile("The workbook is too large once opened: save only the rows to import, as CSV")
    try:
        dataset = XLSX().create_dataset(content)
    except StopIteration:
        return []
    except Exception as error:  # openpyxl raises many kinds for a file that is not a workbook
        raise UnreadableFile("The file could not be read as an Excel workbook (.xlsx). Save it again") from error
    return [dataset.headers or [], *dataset]


def heading_problems(headings, columns):
    names = [column.name for column in columns]
    problems = []
    missing = [column.name for column in columns if column.required and column.name not in headings]
    if missing:
        problems.append(
            ImportProblem(
                f"The file is missing the column{'s' if len(missing) > 1 else ''} {', '.join(missing)}. "
                f"Row 1 must have these headings: {', '.join(names)}",
                row=HEADER_ROW,
            )
        )
    for heading, count in Counter(headings).items():
        if count > 1:
            problems.append(ImportProblem("this column heading is there more than once", HEADER_ROW, heading))
    for heading in dict.fromkeys(headings):
        if heading not in names:
            problems.append(
                ImportProblem(
                    "is not a column we know. Remove the column or correct its heading "
                    f"(the columns are {', '.join(names)})",
                    HEADER_ROW,
                    heading,
                )
            )
    return problems


def accounts_unknown_to(scheme, emails):
    """Lower-cased addresses, of these, that belong to an account this scheme does not know: one with no
    mentor or mentee record in the scheme, or a platform administrator. An import never attaches those
    (it would hand another scheme's mentee, or anyone's account, to this scheme's staff)."""
    from mentoring.models import Mentee, Mentor

    wanted = {email.lower() for email in emails} - {""}
    known = (
        Mentor.objects.filter(scheme=scheme)
        .values("user_id")
        .union(Mentee.objects.filter(scheme=scheme).values("user_id"))
    )
    accounts = User.objects.annotate(email_lower=Lower("email")).filter(email_lower__in=wanted)
    unknown = accounts.exclude(pk__in=[row["user_id"] for row in known]) | accounts.filter(is_superuser=True)
    return set(unknown.values_list("email_lower", flat=True))


def existing_users(emails):
    """Users already signed up with these addresses (in any case), by lower-cased address."""
    wanted = {email.lower() for email in emails}
    users = User.objects.annotate(email_lower=Lower("email")).filter(email_lower__in=wanted)
    return {user.email_lower: user for user in users}


def users_for_rows(rows, *, by):
    """{lower-cased address: user} for a file's people (rows with email, first_name and last_name): those
    already signed up, and accounts made now for the rest, who set a password through the reset email."""
    users = existing_users([row.email for row in rows])
    new_rows = [row for row in rows if row.email.lower() not in users]
    created = users_create_many(
        people=[
            {"email": row.email, "first_name": row.first_name, "last_name": row.last_name, "email_verified": False}
            for row in new_rows
        ],
        by=by,
    )
    users.update({row.email.lower(): user for row, user in zip(new_rows, created, strict=True)})
    return users


# Cells


def cell_text(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # a number typed into a spreadsheet cell
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    return str(value).strip()


def cell_date(cell):
    """A date, None for an empty cell, or False for something that is not a date."""
    if isinstance(cell, datetime.datetime):
        return cell.date()
    if isinstance(cell, datetime.date):
        return cell
    text = cell_text(cell)
    if not text:
        return None
    return _date_from_text(text)


@functools.lru_cache(maxsize=4096)  # a file repeats its dates; strptime is slow at thousands of rows
def _date_from_text(text):
    for date_format in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text, date_format).date()
        except ValueError:
            continue
    return False


def is_whole_number(text):
    return bool(re.fullmatch(r"[0-9]+", text))  # not str.isdigit(), which passes "²" and int() then fails


def choice_key(value):
    return _choice_key(str(value))


@functools.lru_cache(maxsize=4096)  # the same few codes and labels, on every row of a file
def _choice_key(text):
    return re.sub(r"[\s\-]+", "_", text.strip().casefold())


def choice_lookup(choices):
    """Code or label, case-insensitive (and "30-34" or "in training" as well as the code)."""
    table = {}
    for code, label in choices:
        table[choice_key(code)] = code
        table[choice_key(label)] = code
    return table


def accepted_choices(choices):
    return "; ".join(f"{code} ({label})" for code, label in choices)


class RowChecker:
    """Checks rows one by one, recording every problem in self.errors.

    Subclasses set `choices` ({column: [(code, label)]}) for columns that take one code, and
    `personal_columns`, whose values are the person's own data (see ImportProblem.personal)."""

    personal_columns = frozenset()

    def __init__(self, choices, *, scheme=None, rows=(), by=None):
        # Accounts an import may not attach: the importer's own, and any this scheme does not know.
        self.importer_email = by.email.lower() if getattr(by, "email", "") else ""
        emails = {cell_text(cells.get("email")) for _, cells in rows}
        self.unknown_accounts = accounts_unknown_to(scheme, emails) if scheme is not None else set()
        self.errors = []
        self.choices = choices
        self.lookups = {name: choice_lookup(column_choices) for name, column_choices in choices.items()}
        self.list_lookups = {}
        self.email_rows = {}
        # Every practice the file names, in one query; check_practice looks each row's up here.
        codes = {cell_text(cells.get("practice_ods_code")).upper() for _, cells in rows}
        codes = {code for code in codes if rules.PRACTICE_CODE.fullmatch(code)}
        found = practices_for_codes(codes) if codes else {}
        self.practices = {code: found.get(code) for code in codes}

    def problem(self, number, column, message, *, personal=""):
        self.errors.append(ImportProblem(message, number, column, personal=personal))

    def value_problem(self, number, column, value, message):
        """A problem whose message starts with the cell's value ("xyz is not ...")."""
        if column in self.personal_columns:
            self.problem(number, column, message, personal=value)
        else:
            self.problem(number, column, f"{value} {message}")

    def check_choice(self, number, name, text):
        if not text:
            return None
        code = self.lookups[name].get(choice_key(text))
        if code is None:
            self.value_problem(
                number, name, text, f"is not one we know: use one of {accepted_choices(self.choices[name])}"
            )
        return code

    def check_codes(self, number, column, text, choices, what):
        """A `;`-separated list of codes or labels, without repeats."""
        if column not in self.list_lookups:  # built once a file, not once a row
            self.list_lookups[column] = choice_lookup(choices)
        lookup = self.list_lookups[column]
        codes = []
        for item in (part.strip() for part in text.split(LIST_SEPARATOR)):
            if not item:
                continue
            code = lookup.get(choice_key(item))
            if code is None:
                self.value_problem(
                    number,
                    column,
                    item,
                    f"is not {what} we know: use {accepted_choices(choices)}, separated by {LIST_SEPARATOR}",
                )
            elif code not in codes:
                codes.append(code)
        return codes

    def check_email(self, number, email, *, who, taken, taken_message):
        """A well-formed address, not in `taken` (lower-cased), not on an earlier row."""
        if not email:
            self.problem(number, "email", f"is empty: enter the {who}'s email address")
            return None
        try:
            validate_email(email)
        except ValidationError:
            self.value_problem(number, "email", email, "is not an email address, like name@nhs.net")
            return None
        if email.lower() == self.importer_email:
            self.value_problem(number, "email", email, "is your own address: another member of staff must add you")
        elif email.lower() in self.unknown_accounts:
            self.value_problem(
                number,
                "email",
                email,
                "belongs to an account this scheme does not know, so it cannot be imported: "
                "ask the person to register or apply themselves",
            )
        elif email.lower() in taken:
            self.value_problem(number, "email", email, taken_message)
        elif email.lower() in self.email_rows:
            self.value_problem(number, "email", email, f"is also on row {self.email_rows[email.lower()]}")
        self.email_rows.setdefault(email.lower(), number)
        return email

    def check_practice(self, number, code, *, required=True):
        if not code and not required:
            return None
        if not rules.PRACTICE_CODE.fullmatch(code):
            self.problem(
                number,
                "practice_ods_code",
                "must be the practice's ODS code: a capital letter and 5 digits, like A81001",
            )
            return None
        if code not in self.practices:
            self.practices[code] = practice_for_code(code)
        if self.practices[code] is None:
            self.value_problem(
                number, "practice_ods_code", code, "is not a current GP practice in the NHS reference data"
            )
        return self.practices[code]

    def whole_number(self, number, column, text):
        """The number, None for an empty cell, or False (with a problem recorded) for anything else."""
        if not text:
            return None
        if not is_whole_number(text):
            self.value_problem(number, column, text, "is not a whole number, like 6")
            return False
        return int(text)
