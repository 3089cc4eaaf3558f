from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from reporting import monitoring, periods
from reporting.outputs import spreadsheets
from schemes.models import Scheme


class Command(BaseCommand):
    help = "Write a scheme's NHS England monitoring return for a quarter: CSV (metric,value) or XLSX by extension."

    def add_arguments(self, parser):
        parser.add_argument("scheme", help="The scheme's slug")
        parser.add_argument("period", help="The quarter, like 2025/26-Q2")
        parser.add_argument("--output", required=True, help="A .csv or .xlsx file")

    def handle(self, *args, scheme, period, output, **options):
        output = Path(output)
        if output.suffix.lower() not in (".csv", ".xlsx"):
            raise CommandError("The output file must end .csv or .xlsx")
        try:
            quarter = periods.quarter(period)
        except periods.PeriodNotUnderstood as problem:
            raise CommandError(str(problem)) from None
        found = Scheme.objects.filter(slug=scheme).first()
        if found is None:
            raise CommandError(f"No scheme has the slug {scheme!r}")
        rows = monitoring.monitoring_return(found, quarter)
        content = spreadsheets.metric_csv(rows) if output.suffix.lower() == ".csv" else spreadsheets.metric_xlsx(rows)
        output.write_bytes(content)
        self.stdout.write(f"Wrote the {quarter.label} return of {found.slug} to {output}")
