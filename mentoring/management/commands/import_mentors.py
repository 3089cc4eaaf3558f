"""Import a hub's mentor spreadsheet (CSV or XLSX) into a scheme: every row, or none of them."""

from mentoring.imports import mentors_import
from mentoring.management.commands._spreadsheet_import import SpreadsheetImportCommand


class Command(SpreadsheetImportCommand):
    help = "Import mentors from a CSV or XLSX file (columns: docs/imports.md). One bad row and nothing is imported."
    noun = "mentors"

    def run_import(self, **kwargs):
        return mentors_import(**kwargs)
