"""Import a hub's mentoring history (one row per mentoring pair, with its sessions): every row, or none."""

from mentoring.imports.mentorships import mentorships_import
from mentoring.management.commands._spreadsheet_import import SpreadsheetImportCommand


class Command(SpreadsheetImportCommand):
    help = (
        "Import mentorships and their held sessions from a CSV or XLSX file (columns: docs/imports.md). "
        "One bad row and nothing is imported."
    )
    noun = "mentorships"

    def run_import(self, **kwargs):
        return mentorships_import(**kwargs)
