"""National GP demographics (NHS Digital General Practice Workforce) as dated reference data.

The figures live in a CSV with one row per measure and category:
`publication,as_at,measure,code,percent` (measure `gender` or `age band`, code a mentoring.codes
code, percent a number from 0 to 100). `python manage.py gp_workforce_load FILE` checks a file
someone prepared from the publication's bulletin tables and puts it in place; docs/reports.md says
what the shipped file holds.
"""

import csv
import datetime
import io
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.conf import settings

from mentoring.codes import AgeBand, Gender

SHIPPED = Path(__file__).parent / "reference" / "gp_workforce.csv"
COLUMNS = ["publication", "as_at", "measure", "code", "percent"]
MEASURES = {"gender": set(Gender.values), "age band": set(AgeBand.values)}


class WorkforceFileProblem(ValueError):
    pass


@dataclass(frozen=True)
class NationalFigures:
    publication: str
    as_at: datetime.date | None
    percents: dict = field(default_factory=dict)

    @property
    def citation(self):
        if not self.publication:
            return "none loaded."
        loaded = "" if self.percents else " (no figures loaded yet: see docs/reports.md)"
        return f"{self.publication}, as at {self.as_at:%-d %B %Y}{loaded}."

    def percent(self, measure, code):
        """A fraction (0.56 for 56%), or None where the file has no figure."""
        value = self.percents.get((measure, code))
        return None if value is None else float(value / 100)


def path():
    return Path(getattr(settings, "GP_WORKFORCE_CSV", SHIPPED))


def parse(text):
    """Read and check a workforce file; every problem is named with its line, and nothing is half read."""
    reader = csv.DictReader(io.StringIO(text), restval="")  # a short line reads as blanks, refused below
    if reader.fieldnames != COLUMNS:
        raise WorkforceFileProblem(f"The first line must be the column names {','.join(COLUMNS)}")
    publication, as_at, percents = "", None, {}
    for line, row in enumerate(reader, start=2):
        if not row["publication"].strip():
            raise WorkforceFileProblem(f"Line {line}: name the publication the figure comes from")
        try:
            row_as_at = datetime.date.fromisoformat(row["as_at"].strip())
        except ValueError:
            raise WorkforceFileProblem(f"Line {line}: as_at must be a date like 2020-09-30") from None
        if publication and (row["publication"] != publication or row_as_at != as_at):
            raise WorkforceFileProblem(f"Line {line}: every row must come from the same publication and date")
        publication, as_at = row["publication"], row_as_at
        measure, code = row["measure"].strip().lower(), row["code"].strip()
        if code not in MEASURES.get(measure, ()):
            raise WorkforceFileProblem(f"Line {line}: {measure!r} {code!r} is not a gender or age band code")
        if row["percent"].strip():
            try:
                value = Decimal(row["percent"].strip())
            except InvalidOperation:
                raise WorkforceFileProblem(f"Line {line}: percent must be a number from 0 to 100") from None
            if not value.is_finite() or not 0 <= value <= 100:
                raise WorkforceFileProblem(f"Line {line}: percent must be a number from 0 to 100")
            percents[(measure, code)] = value
    for measure in MEASURES:
        total = sum(value for (name, _), value in percents.items() if name == measure)
        if total and not Decimal("99") <= total <= Decimal("101"):
            raise WorkforceFileProblem(f"The {measure} percentages add up to {total}, not 100")
    return NationalFigures(publication=publication, as_at=as_at, percents=percents)


def load():
    try:
        return parse(path().read_text(encoding="utf-8"))
    except FileNotFoundError:
        return NationalFigures(publication="", as_at=None)
