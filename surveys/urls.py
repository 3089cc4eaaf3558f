from django.urls import path

from surveys import link_views, views

app_name = "surveys"
urlpatterns = [
    path("link/<str:token>/", link_views.survey_link, name="link"),
    path("before/<int:mentee_pk>/", views.before_mentoring, name="before_mentoring"),
    path("answers/<int:mentee_pk>/", views.answers, name="answers"),
    path("support/<int:mentee_pk>/", views.support, name="support"),
    path("<int:mentee_pk>/<slug:code>/", views.respond, name="respond"),
]
