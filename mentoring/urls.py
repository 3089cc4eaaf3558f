from django.urls import path

from mentoring.views import application, directory

app_name = "mentoring"
urlpatterns = [
    path("mentors/<slug:scheme>/", directory.mentor_list, name="directory"),
    path("mentors/<slug:scheme>/<int:pk>/", directory.mentor_detail, name="directory_mentor"),
    path("mentors/<slug:scheme>/<int:pk>/photo", directory.mentor_photo, name="directory_photo"),
    path("mentor/apply/<slug:scheme>/", application.apply_start, name="apply_start"),
    path("mentor/apply/<slug:scheme>/check/", application.apply_check, name="apply_check"),
    path("mentor/apply/<slug:scheme>/sent/", application.apply_submitted, name="apply_submitted"),
    path("mentor/apply/<slug:scheme>/<slug:step>/", application.apply_step, name="apply_step"),
    path("mentor/profile/<slug:scheme>/", application.mentor_profile, name="mentor_profile"),
]
