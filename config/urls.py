from django.urls import include, path

from saathi.api.api import api
from saathi.core import views as core_views

urlpatterns = [
    path("", core_views.home, name="home"),
    path("health", core_views.health, name="health"),
    path("accounts/", include("allauth.urls")),
    path("jobs/", include("saathi.core.urls")),
    path("agenda/", include("saathi.core.agenda.urls")),
    path("manage/", include("saathi.accounts.urls")),
    path("registry/", include("saathi.people.urls")),
    path("reports/", include("saathi.reports.urls")),
    path("entitlements/", include("saathi.entitlements.urls")),
    path("relief/", include("saathi.relief.urls")),
    path("funds/", include("saathi.funds.urls")),
    path("surveys/", include("saathi.relief.surveys.urls")),
    path("linkage/", include("saathi.linkage.urls")),
    path("legal/", include("saathi.legal.urls")),  # legal aid
    path("collectives/", include("saathi.collectives.urls")),  # collectives
    path("wellbeing/", include("saathi.wellbeing.urls")),  # wellbeing
    path("rights/", include("saathi.rights.urls")),  # rights (issue 13)
    path("me/", include("saathi.rights.urls_own")),  # rights: a member's own page
    path("advocacy/", include("saathi.advocacy.urls")),  # advocacy
    path("livelihoods/", include("saathi.livelihoods.urls")),  # livelihoods
    path("stock/", include("saathi.relief.stock.urls")),  # livelihoods: relief stock
    path("api/", api.urls),
]

handler403 = "saathi.core.errors.forbidden"
handler404 = "saathi.core.errors.not_found"
handler500 = "saathi.core.errors.server_error"
