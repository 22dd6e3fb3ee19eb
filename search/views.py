from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from search import services
from search.services import MAX_QUERY_LENGTH, clean_query, site_search

PAGE_SIZE = 20


def search(request: HttpRequest) -> HttpResponse:
    asked = "q" in request.GET
    query = clean_query(request.GET.get("q", ""))
    results = site_search(query, user=request.user) if query else None
    # Asked with nothing to search for (only spaces, one kana): a message beside the field
    too_short = asked and results is None
    number = request.GET.get("page")
    if results is not None:
        page = results.page(number, PAGE_SIZE)
    else:
        page = Paginator([], PAGE_SIZE).get_page(1)
    return render(
        request,
        "search/search.html",
        {
            "query": query,
            "searched": results is not None,
            "too_short": too_short,
            "max_length": MAX_QUERY_LENGTH,
            "page": page,
            "count": page.paginator.count,
            "count_is_capped": results is not None and results.count_is_capped,
            "count_limit": services.COUNT_LIMIT,
        },
    )
