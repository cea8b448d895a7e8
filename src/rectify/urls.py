from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from rectify.orgs import views as orgs_views

urlpatterns = [
    path("", include("rectify.ops.urls")),
    path("admin/", admin.site.urls),
    path("i18n/setlang/", orgs_views.language_set, name="set_language"),
    path("accounts/", include("rectify.orgs.urls")),
    path("api/", include(("rectify.api.urls", "api"))),
    path("manage/jobs/", include("rectify.jobs.urls")),
    path("manage/", include("rectify.orgs.manage_urls")),
    path("audit/", include("rectify.orgs.audit_urls")),
    path("inspections/", include(("rectify.reports.urls_inspections", "inspections"))),
    path("measures/", include("rectify.measures.urls")),
    path("signoff/", include("rectify.measures.urls_signoff")),
    path("reports/", include("rectify.reports.urls")),
    path("insights/", include("rectify.insights.urls")),
    path("supervision/", include("rectify.supervision.urls")),
    path("public/", include("rectify.public.urls")),
    path("publishing/", include("rectify.public.urls_publishing")),
    # The Excel ledger moved to reports/; its old addresses (bookmarks, scripts) still lead there.
    path(
        "documents/ledger.xlsx",
        RedirectView.as_view(pattern_name="reports:ledger_export", query_string=True),
    ),
    path("documents/exports/<int:pk>/", RedirectView.as_view(pattern_name="reports:export_detail")),
    path(
        "documents/exports/<int:pk>/download/",
        RedirectView.as_view(pattern_name="reports:export_download"),
    ),
    path("documents/", include("rectify.imports.urls")),
    path("documents/", include("rectify.notices.urls")),
    path("", orgs_views.home, name="home"),
]

handler500 = "rectify.core.views.server_error"
