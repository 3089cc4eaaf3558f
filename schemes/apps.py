from django.apps import AppConfig


class SchemesConfig(AppConfig):
    name = "schemes"
    verbose_name = "Schemes and organisations"

    def ready(self):
        from schemes import permissions  # models are loaded only once the app is ready

        permissions.register()
