"""Pages of the shared resources. Thin: ask permissions.py, call one service, render."""

import csv
import datetime
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from extranet.files import private_file_response
from extranet.models import Museum
from extranet.pagination import CappedPaginator, query_without_page

from . import ical, permissions, selectors, services
from .forms import (
    DocumentEditForm,
    DocumentReplaceForm,
    DocumentUploadForm,
    ExhibitionFilterForm,
    ExhibitionForm,
    LibraryFilterForm,
    PublicationFilterForm,
    PublicationForm,
)
from .models import DocumentVersion, Exhibition, Publication

PAGE_SIZE = 20


def _apply_service_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


# --- Documents ------------------------------------------------------------------------------------


def library(request):
    years = selectors.document_years(user=request.user)
    form = LibraryFilterForm(request.GET or None, years=years)
    filters = form.cleaned_data if form.is_valid() else {}
    documents = selectors.document_library(
        user=request.user,
        kind=filters.get("kind") or "",
        theme=filters.get("theme"),
        museum=filters.get("museum"),
        working_group=filters.get("working_group"),
        year=filters.get("year"),
    )
    page = CappedPaginator(documents, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "resources/library.html", {
        "form": form,
        "page": page,
        "querystring": query_without_page(request),
        "can_upload": permissions.can_upload_document(request.user),
    })


def _visible_document(request, pk):
    document = selectors.document_for_page(user=request.user, pk=pk)
    if document is None:
        _login_or_404(request)
    return document


def _login_or_404(request):
    """A visitor asking for a members' document is asked to sign in; a member who may not see
    it gets 404, as for anything they may not see."""
    if not request.user.is_authenticated:
        raise _LoginRequired
    raise Http404


class _LoginRequired(Exception):
    pass


def _public_or_login(view):
    """Public documents are open to everyone; for anything else a visitor signs in first."""

    @login_not_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except _LoginRequired:
            return redirect_to_login(request.get_full_path())

    return wrapper


@_public_or_login
def document_detail(request, pk):
    document = _visible_document(request, pk)
    return render(request, "resources/document_detail.html", {
        "document": document,
        "versions": list(document.versions.all()),
        "themes": list(document.themes.all()),
        "can_edit": permissions.can_edit_document(request.user, document),
    })


@_public_or_login
def document_download(request, pk):
    document = permissions.documents_visible_to(request.user).select_related("file").filter(pk=pk).first()
    if document is None:
        _login_or_404(request)
    filer_file = document.file
    return private_file_response(filer_file.file, download_name=filer_file.original_filename, as_attachment=True)


@_public_or_login
def version_download(request, pk, number):
    document = permissions.documents_visible_to(request.user).filter(pk=pk).first()
    if document is None:
        _login_or_404(request)
    version = get_object_or_404(DocumentVersion.objects.select_related("file"), document=document, number=number)
    return private_file_response(
        version.file.file, download_name=version.file.original_filename, as_attachment=True
    )


@require_http_methods(["GET", "POST"])
def document_create(request):
    if not permissions.can_upload_document(request.user):
        raise Http404
    form = DocumentUploadForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            document = services.document_create(
                by=request.user, uploaded=form.cleaned_data["file"], themes=form.cleaned_data["themes"],
                request=request, **form.metadata(),
            )
        except ValidationError as error:
            _apply_service_errors(form, error)
        else:
            messages.success(request, _("The document is shared. Its text will be searchable in a few moments."))
            return redirect(document)
    return render(request, "resources/document_form.html", {"form": form, "creating": True})


@require_http_methods(["GET", "POST"])
def document_edit(request, pk):
    document = _visible_document(request, pk)
    if not permissions.can_edit_document(request.user, document):
        raise Http404
    form = DocumentEditForm(request.POST or None, instance=document, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.document_update(
                document=document, by=request.user, themes=form.cleaned_data["themes"], request=request,
                **form.metadata(),
            )
        except ValidationError as error:
            _apply_service_errors(form, error)
        else:
            messages.success(request, _("The document is updated."))
            return redirect("resources:document_detail", pk=pk)
    return render(request, "resources/document_form.html", {"form": form, "document": document})


@require_http_methods(["GET", "POST"])
def document_replace(request, pk):
    document = _visible_document(request, pk)
    if not permissions.can_edit_document(request.user, document):
        raise Http404
    form = DocumentReplaceForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            version = services.document_replace_file(
                document=document, by=request.user, uploaded=form.cleaned_data["file"],
                note=form.cleaned_data["note"], request=request,
            )
        except ValidationError as error:
            _apply_service_errors(form, error)
        else:
            messages.success(request, _("Version %(number)s is now the current file; earlier versions are kept.")
                             % {"number": version.number})
            return redirect("resources:document_detail", pk=pk)
    return render(request, "resources/document_replace.html", {"form": form, "document": document})


# --- Exhibitions ----------------------------------------------------------------------------------


def _exhibition_filters(request):
    form = ExhibitionFilterForm(request.GET or None)
    return form, (form.cleaned_data if form.is_valid() else {})


def exhibition_list(request):
    form, filters = _exhibition_filters(request)
    past = request.GET.get("past") == "1"
    exhibitions = selectors.exhibition_list(
        user=request.user, past=past, museum=filters.get("museum"), department=filters.get("department") or "",
        theme=filters.get("theme"),
    )
    page = Paginator(exhibitions, PAGE_SIZE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    filters_only = request.GET.copy()
    for name in ("page", "past"):
        filters_only.pop(name, None)
    return render(request, "resources/exhibition_list.html", {
        "form": form, "page": page, "past": past, "today": today,
        "filters_querystring": filters_only.urlencode(), "keep": [("past", "1")] if past else [],
        "querystring": query_without_page(request),
        "can_add": permissions.can_add_exhibition(request.user),
        "museum": filters.get("museum"),
    })


def exhibition_month(request, year=None, month=None):
    today = timezone.localdate()
    year, month = year or today.year, month or today.month
    if not (1 <= month <= 12 and 1900 <= year <= 2200):
        raise Http404
    form, filters = _exhibition_filters(request)
    weeks, on_view = selectors.exhibition_month(
        user=request.user, year=year, month=month, museum=filters.get("museum"),
        department=filters.get("department") or "", theme=filters.get("theme"),
    )
    first = datetime.date(year, month, 1)
    previous = (first - datetime.timedelta(days=1)).replace(day=1)
    following = (first + datetime.timedelta(days=32)).replace(day=1)
    return render(request, "resources/exhibition_month.html", {
        "form": form, "weeks": weeks, "on_view": on_view, "month": first, "previous": previous,
        "following": following, "today": today, "querystring": request.GET.urlencode(),
    })


def exhibition_detail(request, pk):
    exhibition = get_object_or_404(
        permissions.exhibitions_visible_to(request.user).select_related("museum").prefetch_related("themes"), pk=pk
    )
    return render(request, "resources/exhibition_detail.html", {
        "exhibition": exhibition, "can_edit": permissions.can_edit_exhibition(request.user, exhibition),
    })


def exhibition_image(request, pk):
    exhibition = get_object_or_404(permissions.exhibitions_visible_to(request.user), pk=pk)
    return private_file_response(exhibition.image)


@require_http_methods(["GET", "POST"])
def exhibition_form(request, pk=None):
    exhibition = None
    if pk is not None:
        exhibition = get_object_or_404(Exhibition.objects.select_related("museum"), pk=pk)
        if not permissions.can_edit_exhibition(request.user, exhibition):
            raise Http404
    elif not permissions.can_add_exhibition(request.user):
        raise Http404
    form = ExhibitionForm(request.POST or None, request.FILES or None, instance=exhibition, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        themes = data.pop("themes")
        image = request.FILES.get("image")
        data.pop("image", None)
        try:
            if exhibition is None:
                exhibition = services.exhibition_create(by=request.user, themes=themes, image=image, request=request,
                                                        **data)
            else:
                exhibition = services.exhibition_update(exhibition=exhibition, by=request.user, themes=themes,
                                                        image=image, request=request, **data)
        except ValidationError as error:
            _apply_service_errors(form, error)
        else:
            messages.success(request, _("The exhibition is saved."))
            return redirect(exhibition)
    return render(request, "resources/exhibition_form.html", {"form": form, "exhibition": exhibition})


@login_not_required
def exhibition_feed(request, slug=None):
    """iCalendar feed; public on purpose: exhibitions are public information (docs/resources.md)."""
    museum = get_object_or_404(Museum, slug=slug) if slug else None
    body = ical.exhibitions_calendar(selectors.exhibitions_for_feed(museum=museum), museum=museum, request=request)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{"expositions-" + slug if slug else "expositions"}.ics"'
    response["Cache-Control"] = "public, max-age=900"
    return response


# --- Publications ---------------------------------------------------------------------------------


def _publications(request):
    form = PublicationFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    publications = selectors.publication_list(
        user=request.user, kind=filters.get("kind") or "", museum=filters.get("museum"), year=filters.get("year"),
        query=filters.get("q") or "",
    )
    return form, publications


def publication_list(request):
    form, publications = _publications(request)
    page = Paginator(publications, PAGE_SIZE).get_page(request.GET.get("page"))
    visible_documents = set(
        permissions.documents_visible_to(request.user)
        .filter(pk__in=[p.document_id for p in page.object_list if p.document_id])
        .values_list("pk", flat=True)
    )
    for publication in page.object_list:
        publication.show_document = publication.document_id in visible_documents
        publication.can_edit = permissions.can_edit_publication(request.user, publication)
    return render(request, "resources/publication_list.html", {
        "form": form, "page": page, "querystring": query_without_page(request),
        "export_querystring": query_without_page(request),
        "can_add": permissions.can_add_publication(request.user),
    })


def _csv_safe(value) -> str:
    # A cell starting with = + - @ would run as a formula in a spreadsheet program.
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def publication_export(request):
    _form, publications = _publications(request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="publications.csv"'
    response.write("\ufeff")  # so that spreadsheet programs read the accents right
    writer = csv.writer(response, delimiter=";")
    writer.writerow([_("Title"), _("Authors"), _("Year"), _("Publisher or journal"), _("Museum"), _("Kind"),
                     _("ISBN"), _("Link")])
    for publication in publications:
        writer.writerow([_csv_safe(value) for value in [
            publication.title, publication.authors, publication.year, publication.publisher,
            publication.museum.name if publication.museum_id else "", publication.get_kind_display(),
            publication.isbn, publication.link,
        ]])
    return response


@require_http_methods(["GET", "POST"])
def publication_form(request, pk=None):
    publication = None
    if pk is not None:
        publication = get_object_or_404(Publication, pk=pk)
        if not permissions.can_edit_publication(request.user, publication):
            raise Http404
    elif not permissions.can_add_publication(request.user):
        raise Http404
    form = PublicationForm(request.POST or None, instance=publication, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            if publication is None:
                services.publication_create(by=request.user, request=request, **form.cleaned_data)
            else:
                services.publication_update(publication=publication, by=request.user, request=request,
                                            **form.cleaned_data)
        except ValidationError as error:
            _apply_service_errors(form, error)
        else:
            messages.success(request, _("The publication is saved."))
            return redirect("resources:publication_list")
    return render(request, "resources/publication_form.html", {"form": form, "publication": publication})

