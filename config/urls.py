from django.contrib import admin
from django.urls import include, path, re_path
from django.views.generic import RedirectView

from accounts import views as account_views
from config.health import healthz
from portal import my_data
from portal import views as portal_views

admin.site.site_header = "GP Mentoring: scheme administration"
admin.site.site_title = "GP Mentoring admin"
admin.site.index_title = "Your schemes"
# The admin signs in through allauth, so its rate limits and MFA apply there too.
admin.site.login = account_views.admin_login
admin.site.password_change = RedirectView.as_view(pattern_name="account_change_password")

urlpatterns = [
    path("", portal_views.home, name="home"),
    path("portal/", portal_views.portal, name="portal"),
    path("my-data/", my_data.my_data, name="my_data"),
    re_path(r"^my-data/download\.(?P<format>json|zip)$", my_data.my_data_download, name="my_data_download"),
    path("schemes/", include("schemes.urls")),
    path("", include("mentoring.urls")),
    path("surveys/", include("surveys.urls")),
    path("claims/", include("claims.urls")),
    path("reports/", include("reporting.urls")),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
]
