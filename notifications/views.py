"""Views of the notifications app. Thin: ask selectors, call one service, redirect or render."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_not_required
from django.core import signing
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from . import selectors, services
from .forms import PreferencesForm
from .registry import Delivery, get_kind
from .tokens import ALL_KINDS, unsubscribe_read

PAGE_SIZE = 20


def notification_list(request):
    unread_only = request.GET.get("etat") == "non-lues"
    page = Paginator(selectors.notifications_of(user=request.user, unread_only=unread_only), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "notifications/notification_list.html", {"page": page, "unread_only": unread_only})


def notification_open(request, pk):
    """Follow a notification's link; following it marks it read."""
    notification = get_object_or_404(selectors.notifications_of(user=request.user), pk=pk)
    services.notification_mark_read(user=request.user, notification=notification)
    if notification.url and url_has_allowed_host_and_scheme(
        notification.url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(notification.url)
    return redirect("notifications:list")


@require_POST
def mark_read(request, pk):
    notification = get_object_or_404(selectors.notifications_of(user=request.user), pk=pk)
    services.notification_mark_read(user=request.user, notification=notification)
    return _back_to_list(request)


@require_POST
def mark_all_read(request):
    count = services.notifications_mark_all_read(user=request.user)
    if count:
        messages.success(request, _("All notifications are marked as read."))
    return _back_to_list(request)


def _back_to_list(request):
    next_url = request.POST.get("next", "")
    if next_url and url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        return redirect(next_url)
    return redirect("notifications:list")


def preferences(request):
    form = PreferencesForm(request.POST or None, preferences=selectors.preferences_of(user=request.user))
    if request.method == "POST" and form.is_valid():
        services.preferences_save(user=request.user, deliveries=form.deliveries(), language=get_language())
        messages.success(request, _("Your email preferences are saved."))
        return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {"form": form})


@login_not_required
@csrf_exempt  # RFC 8058: mail clients POST with no cookie and no CSRF token; the signed token is the proof
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """Turn one kind (or all) to "never" from an email link, without signing in.

    GET only shows a confirmation: mail clients and link scanners prefetch links.
    """
    try:
        user_id, kind = unsubscribe_read(token)
        user = get_object_or_404(get_user_model(), pk=user_id, is_active=True)
        label = _("all notifications") if kind == ALL_KINDS else get_kind(kind).label
    except (signing.BadSignature, LookupError):
        return render(request, "notifications/unsubscribe_invalid.html", status=400)
    if request.method == "POST":
        services.preference_set(user=user, kind=kind, delivery=Delivery.NEVER)
        return render(request, "notifications/unsubscribe_done.html", {"label": label})
    return render(request, "notifications/unsubscribe_confirm.html", {"label": label, "token": token})
