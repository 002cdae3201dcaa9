"""Views of the network core. Thin: validate, ask permissions.py, call one service."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_POST

from . import permissions, selectors, services
from .files import private_file_response
from .forms import (
    AcceptInvitationForm,
    InvitationForm,
    MuseumFilterForm,
    ProfileForm,
    RoleForm,
    WorkingGroupMemberForm,
)
from .models import Invitation, Membership, Museum, User, WorkingGroup


def map_tiles_url() -> str:
    """The tile server of the maps (empty: markers on a blank background)."""
    return settings.LEAFLET_CONFIG["TILES"][0][1] if settings.LEAFLET_CONFIG.get("TILES") else ""


def dashboard(request):
    from .dashboard import rendered_panels

    return render(request, "extranet/dashboard.html", {"panels": rendered_panels(request)})


# --- Museum directory ----------------------------------------------------------------------


MUSEUMS_PER_PAGE = 100  # the region's 90 museums on one page; the country's 1,200 on 12


def _museum_filters(request) -> tuple[MuseumFilterForm, dict[str, str]]:
    """The directory's filter form and the filters it asks for (none when it is invalid)."""
    form = MuseumFilterForm(request.GET or None, departments=selectors.departments())
    filters = {"query": "", "department": ""}
    if form.is_valid():
        filters = {"query": form.cleaned_data["q"], "department": form.cleaned_data["department"]}
    return form, filters


def museum_list(request):
    """The directory: the filters, one page of the list and the map's frame, whose markers
    come from `museum_map_feed`; it costs the same whatever the number of museums. Without
    JavaScript, the list (page after page) gives every museum."""
    form, filters = _museum_filters(request)
    museums = selectors.museum_directory(**filters)
    page = selectors.museum_directory_page(museums, request.GET.get("page"), per_page=MUSEUMS_PER_PAGE)
    # The filters the list applied, for the page links and the map's feed (not what was typed).
    params = {"q": filters["query"], "department": filters["department"]}
    querystring = urlencode({key: value for key, value in params.items() if value})
    suffix = f"?{querystring}" if querystring else ""
    return render(
        request,
        "extranet/museum_list.html",
        {
            "form": form, "page": page, "museums": page.object_list, "querystring": querystring,
            "query": filters["query"], "department": filters["department"],
            "tiles_url": map_tiles_url(), "feed_url": reverse("museum_map_feed") + suffix,
        },
    )


@cache_control(private=True)
def museum_map_feed(request):
    """The directory map's markers (JSON), with the list's filters and every page of it:
    `{"markers": [[name, town, url, lat, lng], ...]}`. Filters it cannot read (an unknown
    department) answer 400 with the form's errors."""
    form, filters = _museum_filters(request)
    if form.is_bound and not form.is_valid():
        return JsonResponse({"errors": form.errors.get_json_data()}, status=400)
    markers = selectors.museum_map_markers(selectors.museum_directory(**filters))
    return JsonResponse({"markers": markers}, json_dumps_params={"separators": (",", ":"), "ensure_ascii": False})


def museum_detail(request, slug):
    museum = get_object_or_404(Museum, slug=slug)
    staff = list(selectors.staff_of(museum))
    for membership in staff:
        membership.show_email = permissions.can_see_email(request.user, membership.user)
    return render(
        request,
        "extranet/museum_detail.html",
        {
            "museum": museum,
            "staff": staff,
            "can_manage_staff": permissions.can_manage_staff(request.user, museum),
            "markers": [
                {"name": museum.name, "city": museum.city, "lat": float(museum.latitude), "lng": float(museum.longitude)}
            ]
            if museum.latitude is not None
            else [],
            "tiles_url": map_tiles_url(),
        },
    )


# --- Staff management (tenant loaded from the URL, checked before the view body) -------------


class MuseumStaffMixin:
    """Loads the museum named in the URL; 404 unless the user may manage its staff."""

    def dispatch(self, request, *args, **kwargs):
        self.museum = get_object_or_404(Museum, slug=kwargs["slug"])
        if not permissions.can_manage_staff(request.user, self.museum):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def membership(self, membership_id) -> Membership:
        return get_object_or_404(Membership.objects.active().select_related("user"), pk=membership_id, museum=self.museum)

    def back(self):
        return redirect("staff_manage", slug=self.museum.slug)


class StaffManageView(MuseumStaffMixin, View):
    def get(self, request, slug, form=None):
        staff = selectors.staff_of(self.museum)
        invitations = Invitation.objects.filter(
            museum=self.museum, accepted_at__isnull=True, revoked_at__isnull=True
        ).select_related("invited_by")
        return render(
            request,
            "extranet/staff_manage.html",
            {
                "museum": self.museum,
                "staff": staff,
                "invitations": invitations,
                "form": form or InvitationForm(),
                "role_choices": RoleForm.base_fields["role"].choices,
            },
        )

    def post(self, request, slug):
        form = InvitationForm(request.POST)
        if form.is_valid():
            try:
                services.invitation_create(
                    email=form.cleaned_data["email"], museum=self.museum, role=form.cleaned_data["role"],
                    by=request.user, request=request,
                )
            except ValidationError as error:
                form.add_error("email", error)
            else:
                messages.success(request, _("Invitation sent to %(email)s.") % {"email": form.cleaned_data["email"]})
                return self.back()
        return self.get(request, slug, form=form)


@method_decorator(require_POST, name="dispatch")
class StaffRoleView(MuseumStaffMixin, View):
    def post(self, request, slug, membership_id):
        membership = self.membership(membership_id)
        form = RoleForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Choose a valid role."))
            return self.back()
        try:
            services.membership_change_role(membership=membership, role=form.cleaned_data["role"], by=request.user, request=request)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Role of %(name)s updated.") % {"name": membership.user.display_name})
        return self.back()


@method_decorator(require_POST, name="dispatch")
class StaffRemoveView(MuseumStaffMixin, View):
    def post(self, request, slug, membership_id):
        membership = self.membership(membership_id)
        try:
            services.membership_end(membership=membership, by=request.user, request=request)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, _("%(name)s no longer belongs to %(museum)s.") % {"name": membership.user.display_name, "museum": self.museum.name}
            )
        return self.back()


@method_decorator(require_POST, name="dispatch")
class InvitationRevokeView(MuseumStaffMixin, View):
    def post(self, request, slug, invitation_id):
        invitation = get_object_or_404(Invitation, pk=invitation_id, museum=self.museum)
        services.invitation_revoke(invitation=invitation, by=request.user, request=request)
        messages.success(request, _("Invitation withdrawn."))
        return self.back()


# --- Invitations (the link works without an account) ------------------------------------------


@login_not_required
def invitation_accept(request, token):
    try:
        invitation = services.invitation_lookup(token)
    except services.InvitationError:
        return render(request, "extranet/invitation_invalid.html", status=410)

    if request.user.is_authenticated:
        if request.user.email.lower() != invitation.email.lower():
            # The link was sent to someone else's address: joining would hand a museum to
            # whoever holds the link while signed in.
            return render(request, "extranet/invitation_other_account.html", {"invitation": invitation}, status=403)
        if request.method == "POST":
            try:
                services.invitation_accept(token=token, user=request.user, request=request)
            except services.InvitationError:
                return render(request, "extranet/invitation_invalid.html", status=410)
            messages.success(request, _("You now belong to %(museum)s.") % {"museum": invitation.museum.name})
            return redirect("dashboard")
        return render(request, "extranet/invitation_accept.html", {"invitation": invitation, "form": None})

    form = AcceptInvitationForm(request.POST or None, email=invitation.email)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.invitation_accept(
                token=token,
                first_name=form.cleaned_data["first_name"],
                last_name=form.cleaned_data["last_name"],
                password=form.cleaned_data["password1"],
                request=request,
            )
        except services.InvitationError:
            return render(request, "extranet/invitation_invalid.html", status=410)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            login(request, user, backend="allauth.account.auth_backends.AuthenticationBackend")
            messages.success(request, _("Welcome to the members' space of %(museum)s.") % {"museum": invitation.museum.name})
            return redirect("dashboard")
    return render(request, "extranet/invitation_accept.html", {"invitation": invitation, "form": form})


# --- Profiles -----------------------------------------------------------------------------------


def profile_detail(request, pk):
    person = get_object_or_404(User.objects.select_related("profile").filter(is_active=True), pk=pk)
    return render(
        request,
        "extranet/profile_detail.html",
        {
            "person": person,
            "profile": services.profile_for(person),
            "memberships": selectors.memberships_of(person),
            "groups": selectors.working_groups_of(person),
            "show_email": permissions.can_see_email(request.user, person),
            "show_phone": permissions.can_see_phone(request.user, person),
            "is_me": person.pk == request.user.pk,
        },
    )


def profile_photo(request, pk):
    """A member's photo, for signed-in members only (never a public media URL)."""
    person = get_object_or_404(User.objects.select_related("profile").filter(is_active=True), pk=pk)
    profile = getattr(person, "profile", None)
    if profile is None or not profile.photo:
        raise Http404
    return private_file_response(profile.photo)


def personal_data_download(request):
    """Everything the members' space holds about the signed-in member, as JSON."""
    from .privacy import personal_data_export

    response = JsonResponse(personal_data_export(request.user), json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Disposition"] = 'attachment; filename="musenor-mes-donnees.json"'
    return response


def account_erasure(request):
    """Erase my personal data: confirmed with the password, then signed out everywhere."""
    from django.contrib.auth import logout

    from .forms import ErasureForm
    from .privacy import account_erase

    form = ErasureForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        account_erase(user=request.user, request=request)
        logout(request)
        messages.success(request, _("Your personal data have been erased. Your messages stay, signed “Former member”."))
        return redirect("/")
    return render(request, "extranet/account_erasure.html", {"form": form})


def profile_edit(request):
    profile = services.profile_for(request.user)
    form = ProfileForm(
        request.POST or None,
        request.FILES or None,
        instance=profile,
        initial={"first_name": request.user.first_name, "last_name": request.user.last_name},
    )
    if request.method == "POST" and form.is_valid():
        data = {f: form.cleaned_data[f] for f in ProfileForm.Meta.fields}
        services.profile_update(
            user=request.user,
            first_name=form.cleaned_data["first_name"],
            last_name=form.cleaned_data["last_name"],
            profile_data=data,
            request=request,
        )
        messages.success(request, _("Your profile has been saved."))
        return redirect("profile_detail", pk=request.user.pk)
    return render(request, "extranet/profile_edit.html", {"form": form})


# --- Working groups -----------------------------------------------------------------------------


def working_group_list(request):
    return render(request, "extranet/working_group_list.html", {"groups": selectors.working_groups_with_members()})


def working_group_detail(request, slug):
    group = get_object_or_404(selectors.working_groups_with_members(), slug=slug)
    can_manage = permissions.can_manage_working_groups(request.user)
    form = WorkingGroupMemberForm(request.POST or None) if can_manage else None
    if request.method == "POST":
        if not can_manage:
            raise Http404
        if form.is_valid():
            services.working_group_join(
                group=group, user=form.cleaned_data["user"], role=form.cleaned_data["role"], by=request.user, request=request
            )
            messages.success(request, _("%(name)s added to the group.") % {"name": form.cleaned_data["user"].display_name})
            return redirect(group)
    return render(request, "extranet/working_group_detail.html", {"group": group, "form": form, "can_manage": can_manage})


@require_POST
def working_group_remove(request, slug, user_id):
    if not permissions.can_manage_working_groups(request.user):
        raise Http404
    group = get_object_or_404(WorkingGroup, slug=slug)
    person = get_object_or_404(User, pk=user_id)
    services.working_group_leave(group=group, user=person, by=request.user, request=request)
    messages.success(request, _("%(name)s removed from the group.") % {"name": person.display_name})
    return redirect(group)


def people_list(request):
    page = Paginator(selectors.people_directory(), 50).get_page(request.GET.get("page"))
    return render(request, "extranet/people_list.html", {"page": page})
