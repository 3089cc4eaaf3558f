from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "surveys"
    verbose_name = "Questionnaires"

    def ready(self):
        from surveys import receivers  # models are loaded only once the app is ready

        receivers.connect()
