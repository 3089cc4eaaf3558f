"""What import_mentors and import_mentees share: find the scheme, the importing staff member and the
file, run the import, and print its problems without the personal data in them (a terminal's output
ends up in scrollback, CI logs and tickets; the row and column say where to look in the file)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from accounts.models import User
from schemes.models import Scheme


class SpreadsheetImportCommand(BaseCommand):
    noun = ""  # "mentors"

    def run_import(self, **kwargs):
        raise NotImplementedError

    def add_arguments(self, parser):
        parser.add_argument("scheme", metavar="SCHEME_SLUG")
        parser.add_argument("file", metavar="FILE")
        parser.add_argument("--by", metavar="EMAIL", help="the staff member doing the import, for the audit trail")

    def handle(self, *args, scheme, file, by=None, **options):
        found = Scheme.objects.filter(slug=scheme).first()
        if found is None:
            raise CommandError(f"No scheme has the slug {scheme!r}")
        importer = None
        if by:
            importer = User.objects.filter(email__iexact=by).first()
            if importer is None:
                raise CommandError(f"No user has the email address {by}")
        path = Path(file)
        try:
            content = path.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}") from error

        result = self.run_import(scheme=found, file_name=path.name, content=content, by=importer)

        if result.errors:
            for problem in result.errors:
                self.stderr.write(problem.without_personal_data())
            count = len(result.errors)
            raise CommandError(f"Nothing was imported: {count} problem{'s' if count > 1 else ''} in {path.name}")
        self.stdout.write(self.style.SUCCESS(f"Imported {result.created} {self.noun} into {found.name}"))
