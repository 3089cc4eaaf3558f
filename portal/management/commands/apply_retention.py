"""Apply the schemes' retention periods by hand: what the beat runs every week."""

from django.core.management.base import BaseCommand

from portal.services import retention_apply


class Command(BaseCommand):
    help = "Anonymise everyone whose records have passed their scheme's retention. --dry-run lists them."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="List who is due without changing anything")

    def handle(self, *args, dry_run=False, **options):
        user_ids = retention_apply(dry_run=dry_run)
        for user_id in user_ids:
            self.stdout.write(f"{'would anonymise' if dry_run else 'anonymised'} user {user_id}")
        suffix = "; nothing changed (dry run)" if dry_run else ""
        self.stdout.write(f"{len(user_ids)} past their retention{suffix}")
