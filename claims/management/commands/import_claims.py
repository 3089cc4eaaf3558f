"""Import a scheme's claim lines approved or paid before it moved onto the service: every row, or none."""

from claims.imports import claims_import
from mentoring.management.commands._spreadsheet_import import SpreadsheetImportCommand


class Command(SpreadsheetImportCommand):
    help = (
        "Import claim lines approved or paid before the move from a CSV or XLSX file (columns: docs/imports.md). "
        "One bad row and nothing is imported."
    )
    noun = "claim lines"

    def run_import(self, **kwargs):
        return claims_import(**kwargs)
