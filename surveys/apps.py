from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "surveys"
    verbose_name = "Questionnaires"

    def ready(self):
        from accounts.services import email_delivered, email_given_up
        from surveys.dispatch import on_email_delivered, on_email_given_up

        email_delivered.connect(on_email_delivered, dispatch_uid="surveys.dispatch.delivered")
        email_given_up.connect(on_email_given_up, dispatch_uid="surveys.dispatch.given_up")
