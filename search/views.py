from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from search.services import MIN_QUERY_LENGTH, normalise, site_search, terms_of

PAGE_SIZE = 20


def search(request: HttpRequest) -> HttpResponse:
    query = normalise(request.GET.get("q", ""))[:100]
    too_short = bool(query) and len("".join(terms_of(query))) < MIN_QUERY_LENGTH
    results = site_search(query, user=request.user) if query and not too_short else []
    page = Paginator(results, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "search/search.html",
        {
            "query": query,
            "too_short": too_short,
            "min_length": MIN_QUERY_LENGTH,
            "page": page,
            "count": len(results),
        },
    )
