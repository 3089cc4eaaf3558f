"""Import a hub's mentee list (its waiting list) from a CSV or XLSX file into a scheme: every row, or none."""

from mentoring.imports import mentees_import
from mentoring.management.commands._spreadsheet_import import SpreadsheetImportCommand


class Command(SpreadsheetImportCommand):
    help = (
        "Import mentees, with their stress questionnaire and work-life balance rating, from a CSV or XLSX file "
        "(columns: docs/imports.md). One bad row and nothing is imported."
    )
    noun = "mentees"

    def run_import(self, **kwargs):
        return mentees_import(**kwargs)
