from decimal import Decimal

from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe


@never_cache
@require_safe
def healthz(request: HttpRequest) -> HttpResponse:
    """Answers 200 when the app and its database answer, 503 otherwise (for load balancers)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")


# The back office, sign-in and onboarding: nothing there for search engines (the pages answer
# 302 or 404 to them anyway; this spares the crawl). Both languages' prefixes.
ROBOTS_DISALLOW = ("/admin/", "/staff/", "/accounts/", "/invitation/")


@require_safe
def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = ["User-agent: *"]
    for path in ROBOTS_DISALLOW:
        lines.append(f"Disallow: {path}")
        if path == "/accounts/":  # the only one of them under i18n_patterns
            lines.append(f"Disallow: /en{path}")
    lines.append(f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def styleguide(request: HttpRequest) -> HttpResponse:
    """Every component once, with unsaved example objects (DEBUG only; see urls.py)."""
    from pillars.models import ActionItem, Hashtag
    from progress.charts import indicator_chart, number
    from progress.computation import IndicatorReading, ItemProgress, RollUp
    from progress.models import Indicator, Status

    hashtags = [Hashtag(name="居場所", is_sample=True), Hashtag(name="見守り")]
    item = ActionItem(title="取組項目の見本", body="本文の見本です。", is_sample=True)
    indicator = Indicator(name="指標の見本", unit="か所", baseline=Decimal(2), target=Decimal(10))
    series = [(2025, Decimal(4)), (2026, Decimal(7)), (2027, None), (2028, None)]
    reading = IndicatorReading(indicator, Decimal(7), 2026, 62.5, series)
    roll_up = RollUp([ItemProgress(item, 1, 2, [reading], None)])
    chart = {
        "reading": reading,
        "chart": indicator_chart(reading),
        "rows": [(f"{year}年度", number(value)) for year, value in series],
    }
    return render(
        request,
        "styleguide.html",
        {
            "hashtags": hashtags,
            "item": item,
            "statuses": list(Status),
            "roll_up": roll_up,
            "chart": chart,
        },
    )
