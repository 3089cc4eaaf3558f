from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "surveys"
    verbose_name = "Questionnaires"

    def ready(self):
        from accounts.services import email_delivered, email_given_up
        from surveys.dispatch import on_email_delivered, on_email_given_up

        email_delivered.connect(on_email_delivered, dispatch_uid="surveys.dispatch.delivered")
        email_given_up.connect(on_email_given_up, dispatch_uid="surveys.dispatch.given_up")

        from django.db.models.signals import post_save

        from schemes.models import Scheme
        from surveys.dispatch_emails import on_scheme_saved

        post_save.connect(on_scheme_saved, sender=Scheme, dispatch_uid="surveys.email_templates.scheme")
