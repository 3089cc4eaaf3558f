from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from reporting import periods, quarterly
from reporting.outputs import pdf, spreadsheets
from schemes.models import Scheme


class Command(BaseCommand):
    help = (
        "Write the commissioners' quarterly report as PDF or XLSX (by extension), for one scheme or "
        "--all-schemes; --unsuppressed writes the staff version, marked not for publication."
    )

    def add_arguments(self, parser):
        parser.add_argument("scheme", nargs="?", help="The scheme's slug (or --all-schemes)")
        parser.add_argument("period", nargs="?", help="The quarter, like 2025/26-Q2")
        parser.add_argument("--all-schemes", action="store_true")
        parser.add_argument("--output", required=True, help="A .pdf or .xlsx file")
        parser.add_argument("--unsuppressed", action="store_true", help="Exact figures: not for publication")

    def handle(self, *args, scheme, period, all_schemes, output, unsuppressed, **options):
        if all_schemes and period is None:
            scheme, period = None, scheme
        if period is None or (scheme is None) == (not all_schemes):
            raise CommandError("Give a scheme's slug or --all-schemes, and a quarter like 2025/26-Q2")
        output = Path(output)
        if output.suffix.lower() not in (".pdf", ".xlsx"):
            raise CommandError("The output file must end .pdf or .xlsx")
        try:
            quarter = periods.quarter(period)
        except periods.PeriodNotUnderstood as problem:
            raise CommandError(str(problem)) from None
        schemes = Scheme.objects.order_by("name")
        if not all_schemes:
            schemes = schemes.filter(slug=scheme)
            if not schemes.exists():
                raise CommandError(f"No scheme has the slug {scheme!r}")
        made = quarterly.quarterly_report(schemes, quarter)
        made = quarterly.published(made, suppress=not unsuppressed)
        if output.suffix.lower() == ".pdf":
            output.write_bytes(pdf.quarterly_pdf(made, unsuppressed=unsuppressed))
        else:
            output.write_bytes(spreadsheets.quarterly_xlsx(made, unsuppressed=unsuppressed))
        self.stdout.write(f"Wrote the {quarter.label} report of {made.title} to {output}")
