from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from core.easy import i18n_patterns
from core.metrics import metrics
from core.preferences import display_switch
from nerima_portal import views
from nerima_portal.sitemaps import SITEMAPS

admin.site.site_header = _("練馬区社協 地域福祉活動計画 管理画面")
admin.site.site_title = _("練馬区社協 管理画面")
admin.site.index_title = _("コンテンツの管理")
# One gate: the admin's login page hands over to allauth's, with its rate limits and second
# factor. Django's own admin form would check the password alone.
# (Replacing the bound method on this one site object is what allauth documents.)
admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]

# Bad requests get the site's page, rendered with the request (Django's own has no context).
handler400 = "core.views.bad_request"

urlpatterns = [
    # Not translated: operations and the back office
    path("healthz", views.healthz, name="healthz"),
    # Prometheus' scraper, with its token (404 for anyone else; core/metrics.py)
    path("metrics", metrics, name="metrics"),
    # For search engines: what not to crawl, and the public pages in both languages
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("admin/", admin.site.urls),
    # Text size, colours and ふりがな: a cookie, then back to the page (core/preferences.py)
    path("display/", display_switch, name="display"),
    # The consultation staff's workspace (Japanese only, never cached; staff/middleware.py)
    path("staff/", include("staff.urls")),
    # New staff: from the invitation e-mail's link to the workspace (never cached)
    path("invitation/", include("staff.onboarding_urls")),
]

# Public pages: Japanese without a prefix, the English UI under /en/, やさしい日本語 under /easy/
# (core.easy.i18n_patterns: Django's, with the prefix easy/ instead of the code ja-x-easy)
urlpatterns += i18n_patterns(
    path("", include("pillars.plan_urls")),
    path("", include("pillars.urls")),
    path("", include("networks.urls")),
    path("", include("participation.urls")),
    # Member organisations' editors, and the coordinators who review their proposals
    path("network/editor/", include("networks.editor_urls")),
    path("network/review/", include("networks.review_urls")),
    path("", include("search.urls")),
    path("coordinators/", include("networks.coordinator_urls")),
    path("", include("consultations.urls")),
    path("nerizu/", include("nerizu.urls")),
    path("progress/", include("progress.urls")),
    path("accounts/", include("allauth.urls")),
    prefix_default_language=False,
)

if settings.DEBUG:
    urlpatterns += [path("styleguide/", views.styleguide, name="styleguide")]
