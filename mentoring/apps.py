from django.apps import AppConfig


class MentoringConfig(AppConfig):
    name = "mentoring"
    verbose_name = "Mentors, mentees and mentorships"

    def ready(self):
        from mentoring import roles  # models are loaded only once the app is ready

        roles.register()
