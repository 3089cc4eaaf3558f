"""Run the sweep of automated emails by hand: what the beat runs every 15 minutes."""

from django.core.management.base import BaseCommand

from surveys.digests import staff_digests_send
from surveys.dispatch import dispatch_sweep


class Command(BaseCommand):
    help = "Send every survey email and reminder that is due, once. --dry-run lists them without sending."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="List what is due without sending anything")

    def handle(self, *args, dry_run=False, **options):
        result = dispatch_sweep(dry_run=dry_run)
        if dry_run:
            for kind, dispatch_id in result.would_send:
                label = "new" if dispatch_id == "new" else f"dispatch {dispatch_id}"
                self.stdout.write(f"would send {kind} ({label})")
            self.stdout.write(f"{len(result.would_send)} due; nothing sent (dry run)")
            return
        for dispatch_id, kind in result.sent:
            self.stdout.write(f"sent {kind} (dispatch {dispatch_id})")
        for dispatch_id, _kind in result.reminded:
            self.stdout.write(f"sent follow_up_reminder (dispatch {dispatch_id})")
        for dispatch_id, kind, reason in result.skipped:
            self.stdout.write(f"not sent {kind} (dispatch {dispatch_id}): {reason}")
        digests = staff_digests_send()
        self.stdout.write(
            f"{len(result.sent)} sent, {len(result.reminded)} reminders, {len(result.skipped)} no longer due, "
            f"{len(digests)} staff digests"
        )
