from django.shortcuts import render

from extranet.pagination import query_without_page

from .analysis import excerpt
from .forms import SearchForm
from .registry import kinds
from .selectors import facets_of, search_documents, search_page, with_facets

PAGE_SIZE = 20


def search(request):
    form = SearchForm(request.GET or None)
    context = {"form": form, "query": "", "page": None, "facets": None}
    if form.is_valid() and form.cleaned_data["q"].strip():
        data = form.cleaned_data
        query = data["q"].strip()
        results = with_facets(
            search_documents(
                user=request.user, query=query, kind=data["kind"], museum=data["museum"], department=data["department"]
            )
        )
        page = search_page(results, request.GET.get("page"), per_page=PAGE_SIZE)
        registered = kinds()
        for result in page.object_list:
            kind = registered.get(result.kind)
            result.kind_name = kind.verbose_name if kind else result.kind
            result.excerpt = excerpt(result.text, query)
        context.update(query=query, page=page, facets=facets_of(results), filters=query_without_page(request))
    return render(request, "search/search.html", context)
