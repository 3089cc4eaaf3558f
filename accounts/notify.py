"""Mail through GOV.UK Notify, the way NHS organisations send email: selected by NOTIFY_API_KEY.

Notify sends from its own templates. Each kind of email (the outbox's `kind`, passed in the
X-Mentoring-Email-Kind header) may have its own template id in NOTIFY_TEMPLATE_IDS; anything else uses
the "default" template, which must take ((subject)) and ((body)). Both are always passed, so a template
per kind may use them too."""

from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend
from notifications_python_client.notifications import NotificationsAPIClient

KIND_HEADER = "X-Mentoring-Email-Kind"


class NotifyEmailBackend(BaseEmailBackend):
    def __init__(self, fail_silently=False, **kwargs):
        super().__init__(fail_silently=fail_silently)
        self.client = None

    def open(self):
        if self.client is None:
            self.client = NotificationsAPIClient(
                settings.NOTIFY_API_KEY, base_url=settings.NOTIFY_BASE_URL, timeout=settings.EMAIL_TIMEOUT
            )
        return True

    def close(self):
        self.client = None

    def template_id(self, message):
        templates = settings.NOTIFY_TEMPLATE_IDS
        kind = message.extra_headers.get(KIND_HEADER, "")
        return templates.get(kind) or templates["default"]

    def send_messages(self, email_messages):
        self.open()
        sent = 0
        try:
            for message in email_messages:
                for address in message.recipients():
                    try:
                        self.client.send_email_notification(
                            email_address=address,
                            template_id=self.template_id(message),
                            personalisation={"subject": message.subject, "body": message.body},
                        )
                    except Exception:
                        if not self.fail_silently:
                            raise
                        continue
                sent += 1
        finally:
            self.close()
        return sent
