from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from reporting import ledger, periods
from schemes.models import Scheme


class Command(BaseCommand):
    help = "Write a scheme's financial ledger for a financial year: CSV or XLSX by the file's extension."

    def add_arguments(self, parser):
        parser.add_argument("scheme", help="The scheme's slug")
        parser.add_argument("year", help="The financial year, like 2025/26")
        parser.add_argument("--output", required=True, help="A .csv or .xlsx file")

    def handle(self, *args, scheme, year, output, **options):
        output = Path(output)
        if output.suffix.lower() not in (".csv", ".xlsx"):
            raise CommandError("The output file must end .csv or .xlsx")
        try:
            periods.financial_year(year)
        except periods.PeriodNotUnderstood as problem:
            raise CommandError(str(problem)) from None
        found = Scheme.objects.filter(slug=scheme).first()
        if found is None:
            raise CommandError(f"No scheme has the slug {scheme!r}")
        frame = ledger.ledger(found, year)
        output.write_bytes(ledger.ledger_csv(frame) if output.suffix.lower() == ".csv" else ledger.ledger_xlsx(frame))
        self.stdout.write(f"Wrote the {year} ledger of {found.slug} to {output}")
