from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from reporting import workforce


class Command(BaseCommand):
    help = (
        "Load national GP demographics (NHS Digital General Practice Workforce) from a CSV you prepared "
        "from the publication: publication,as_at,measure,code,percent. Nothing is changed unless every line is right."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, file, **options):
        try:
            text = Path(file).read_text(encoding="utf-8-sig")
        except OSError as problem:
            raise CommandError(f"Cannot read {file}: {problem.strerror}") from None
        try:
            figures = workforce.parse(text)
        except workforce.WorkforceFileProblem as problem:
            raise CommandError(str(problem)) from None
        if not figures.percents:
            raise CommandError("The file has no figures")
        workforce.path().write_text(text, encoding="utf-8")
        self.stdout.write(f"Loaded {len(figures.percents)} figures from {figures.publication}, as at {figures.as_at}")
