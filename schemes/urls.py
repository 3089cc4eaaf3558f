from django.urls import path

from schemes import views

app_name = "schemes"
urlpatterns = [
    path("<slug:slug>/", views.scheme_detail, name="detail"),
]
