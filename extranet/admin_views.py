"""The network core in the Wagtail admin (`/cms/`): museums, people and memberships, working
groups. Coordinators only; every write goes through `extranet/services.py`, so the rules ("a
museum keeps a manager"), the permissions that follow and the audit trail are the site's own.

Views stay thin: validate a form, call one service, say what happened. A refusal of a service
(`ValidationError`) is shown as a message and changes nothing.
"""

from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch, Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView, TemplateView
from wagtail.admin import messages
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.views.generic import CreateView, EditView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import BasePermissionPolicy

from . import permissions, selectors, services
from .forms import InvitationForm, RoleForm
from .models import GroupRole, Invitation, Membership, Museum, Role, User, WorkingGroup, WorkingGroupMembership

# --- Who may use these pages -----------------------------------------------------------------


class CoordinatorsOnlyPolicy(BasePermissionPolicy):
    """Coordinators (and superusers) may take the listed actions; nobody else any."""

    def __init__(self, model, actions=("add", "change", "view")):
        super().__init__(model)
        self.actions = set(actions)

    def user_has_permission(self, user, action):
        return action in self.actions and permissions.can_use_network_admin(user)

    def users_with_any_permission(self, actions):
        if not self.actions & set(actions):
            return User.objects.none()
        return User.objects.filter(is_active=True).filter(Q(is_superuser=True) | Q(profile__is_coordinator=True))


class CoordinatorsOnlyMixin:
    """A page of `/cms/` for coordinators: anyone else is refused as Wagtail refuses (its
    dashboard with "no permission"), before the view body runs."""

    def dispatch(self, request, *args, **kwargs):
        if not permissions.can_use_network_admin(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


def next_url(request, default: str) -> str:
    """Where to go back after an action: the page it was asked from, if it is ours."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return default


def refused(request, error) -> None:
    """Show why a service refused, in the user's language (it changed nothing). The apps' refusals
    (`ValidationError`, `BookingError`, `ExchangeError`) all carry their `messages`."""
    for message in error.messages:
        messages.error(request, message)


class AdminFormView(CoordinatorsOnlyMixin, WagtailAdminTemplateMixin, FormView):
    """A form of `/cms/` (an invitation, a reason...): the service is called in `act()`."""

    template_name = "wagtailadmin/network/form.html"
    submit_label = gettext_lazy("Save")
    intro = ""
    refusals: tuple = ()  # the app's own refusal exceptions, besides ValidationError

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            submit_label=self.submit_label, intro=self.intro, cancel_url=self.get_success_url(),
            next=self.request.GET.get("next", ""),
        )
        return context

    def act(self, form):
        raise NotImplementedError

    def form_valid(self, form):
        try:
            self.act(form)
        except (ValidationError, *self.refusals) as error:
            refused(self.request, error)
            return self.form_invalid(form)
        return redirect(self.get_success_url())


class AdminActionView(CoordinatorsOnlyMixin, View):
    """A button of `/cms/` that changes one thing (POST only), then goes back where it came from."""

    http_method_names = ["post"]
    refusals: tuple = ()

    def post(self, request, *args, **kwargs):
        try:
            self.act(request, *args, **kwargs)
        except (ValidationError, *self.refusals) as error:
            refused(request, error)
        return redirect(next_url(request, self.default_url(*args, **kwargs)))


# --- Museums --------------------------------------------------------------------------------


class MuseumForm(WagtailAdminModelForm):
    class Meta:
        model = Museum
        fields = list(services.MUSEUM_FIELDS)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False
        self.fields["slug"].help_text = _("The end of the museum's address in the directory; made from its name when empty.")
        self.fields["department"].required = False
        self.fields["department"].help_text = _("Filled in from the department number when empty.")

    def _post_clean(self):
        # The service validates the museum (full_clean) when it saves it; the form only checks
        # its fields, so an empty slug (made by the service) is not refused here.
        pass


def _museum_fields(form) -> dict:
    return {name: form.cleaned_data[name] for name in services.MUSEUM_FIELDS}


class MuseumCreateView(CreateView):
    def save_instance(self):
        return services.museum_create(by=self.request.user, request=self.request, **_museum_fields(self.form))

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)


class MuseumEditView(EditView):
    def save_instance(self):
        return services.museum_update(museum=self.object, by=self.request.user, request=self.request, **_museum_fields(self.form))

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)

    def get_header_more_buttons(self):
        from wagtail.admin.widgets.button import HeaderButton

        return [
            HeaderButton(_("Staff"), url=reverse("museums:staff", args=[self.object.pk]), icon_name="group"),
            *super().get_header_more_buttons(),
        ]


class MuseumStaffView(CoordinatorsOnlyMixin, WagtailAdminTemplateMixin, TemplateView):
    """A museum's staff: change a role, end a membership, invite someone, withdraw an invitation."""

    template_name = "wagtailadmin/network/museum_staff.html"
    header_icon = "group"

    def dispatch(self, request, pk):
        self.museum = get_object_or_404(Museum, pk=pk)
        return super().dispatch(request, pk)

    def get_page_title(self):
        return _("Staff of %(museum)s") % {"museum": self.museum.name}

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("museums:index"), "label": _("Museums")},
            {"url": reverse("museums:edit", args=[self.museum.pk]), "label": self.museum.name},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            museum=self.museum,
            staff=list(selectors.staff_of(self.museum)),
            invitations=list(
                Invitation.objects.filter(museum=self.museum, accepted_at__isnull=True, revoked_at__isnull=True)
                .select_related("invited_by").order_by("-created_at")
            ),
            roles=Role.choices,
            invite_form=kwargs.get("invite_form") or InvitationForm(),
            here=self.request.get_full_path(),
        )
        return context

    def post(self, request, pk):
        form = InvitationForm(request.POST)
        if form.is_valid():
            try:
                services.invitation_create(
                    email=form.cleaned_data["email"], museum=self.museum, role=form.cleaned_data["role"], by=request.user,
                    request=request,
                )
            except ValidationError as error:
                refused(request, error)
            else:
                messages.success(request, _("The invitation was sent to %(email)s.") % {"email": form.cleaned_data["email"]})
                return redirect("museums:staff", pk=self.museum.pk)
        return self.render_to_response(self.get_context_data(invite_form=form))


class MuseumViewSet(ModelViewSet):
    """Museums: details and location edited through `museum_create`/`museum_update`; their staff
    on the "Staff" page. Never deleted (memberships, bookings and listings hang on them)."""

    model = Museum
    icon = "home"
    menu_label = gettext_lazy("Museums")
    add_to_admin_menu = True
    menu_order = 200
    url_prefix = "museums"
    copy_view_enabled = False
    list_display = ["name", "city", "department"]
    list_filter = ["department_code"]
    search_fields = ["name", "city"]
    search_backend_name = None  # a plain database search: museums are not in Wagtail's index
    add_view_class = MuseumCreateView
    edit_view_class = MuseumEditView

    @property
    def permission_policy(self):
        return CoordinatorsOnlyPolicy(Museum)

    def get_form_class(self, for_update=False):
        return MuseumForm

    def get_urlpatterns(self):
        # The delete URL stays (Wagtail's views name it) and is refused by the policy.
        return super().get_urlpatterns() + [path("<int:pk>/staff/", MuseumStaffView.as_view(), name="staff")]


# --- Memberships: the same actions from a museum's staff page and from a person's page ---------


class MembershipRoleView(AdminActionView):
    def act(self, request, pk):
        membership = get_object_or_404(Membership.objects.active().select_related("user", "museum"), pk=pk)
        form = RoleForm(request.POST)
        if not form.is_valid():
            raise ValidationError(_("Choose a role."))
        services.membership_change_role(membership=membership, role=form.cleaned_data["role"], by=request.user, request=request)
        messages.success(request, _("%(person)s is now %(role)s at %(museum)s.") % {
            "person": membership.user, "role": Role(form.cleaned_data["role"]).label.lower(), "museum": membership.museum.name,
        })

    def default_url(self, pk):
        return reverse("people:index")


class MembershipEndView(AdminActionView):
    def act(self, request, pk):
        membership = get_object_or_404(Membership.objects.active().select_related("user", "museum"), pk=pk)
        services.membership_end(membership=membership, by=request.user, request=request)
        messages.success(request, _("%(person)s no longer works for %(museum)s.") % {
            "person": membership.user, "museum": membership.museum.name,
        })

    def default_url(self, pk):
        return reverse("people:index")


class InvitationRevokeView(AdminActionView):
    def act(self, request, pk):
        invitation = get_object_or_404(Invitation, pk=pk)
        services.invitation_revoke(invitation=invitation, by=request.user, request=request)
        messages.success(request, _("The invitation to %(email)s was withdrawn.") % {"email": invitation.email})

    def default_url(self, pk):
        return reverse("people:index")


# --- People ---------------------------------------------------------------------------------


class PeopleSearchForm(forms.Form):
    q = forms.CharField(label=gettext_lazy("Name or email address"), required=False, max_length=100)


class PeopleIndexView(CoordinatorsOnlyMixin, WagtailAdminTemplateMixin, TemplateView):
    """Everyone with an account: their museums and roles, their groups; search by name or address."""

    template_name = "wagtailadmin/network/people_index.html"
    page_title = gettext_lazy("People")
    header_icon = "user"
    per_page = 50

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": _("People")}]

    def get_context_data(self, **kwargs):
        from django.core.paginator import Paginator

        context = super().get_context_data(**kwargs)
        form = PeopleSearchForm(self.request.GET or None)
        people = (
            User.objects.filter(is_active=True)
            .exclude(username=settings.ANONYMOUS_USER_NAME)
            .select_related("profile")
            .prefetch_related(
                Prefetch("memberships", Membership.objects.active().select_related("museum"), to_attr="active_memberships"),
                Prefetch(
                    "group_memberships", WorkingGroupMembership.objects.active().select_related("group"),
                    to_attr="active_groups",
                ),
            )
            .order_by("last_name", "first_name", "email")
        )
        if form.is_valid() and form.cleaned_data["q"]:
            for word in form.cleaned_data["q"].split():
                people = people.filter(
                    Q(first_name__icontains=word) | Q(last_name__icontains=word) | Q(email__icontains=word)
                )
        page = Paginator(people, self.per_page).get_page(self.request.GET.get("p"))
        context.update(form=form, page=page, people=page.object_list, query=self.request.GET.get("q", ""))
        return context


class PersonView(CoordinatorsOnlyMixin, WagtailAdminTemplateMixin, TemplateView):
    """One person: their museums (change the role, end), their working groups, coordinator or not."""

    template_name = "wagtailadmin/network/person.html"
    header_icon = "user"

    def dispatch(self, request, pk):
        self.person = get_object_or_404(User.objects.select_related("profile"), pk=pk, is_active=True)
        return super().dispatch(request, pk)

    def get_page_title(self):
        return str(self.person)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("people:index"), "label": _("People")},
            {"url": "", "label": str(self.person)},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        profile = services.profile_for(self.person)
        context.update(
            person=self.person,
            is_coordinator=profile.is_coordinator,
            is_self=self.person.pk == self.request.user.pk,
            memberships=list(selectors.memberships_of(self.person)),
            groups=list(
                WorkingGroupMembership.objects.active().filter(user=self.person).select_related("group").order_by("group__name")
            ),
            invitations=list(
                Invitation.objects.filter(email__iexact=self.person.email, accepted_at__isnull=True, revoked_at__isnull=True)
                .select_related("museum")
            ),
            roles=Role.choices,
            group_roles=GroupRole.choices,
            here=self.request.get_full_path(),
        )
        return context


class CoordinatorSetView(AdminActionView):
    """Make a person a network coordinator (the `/cms/` and every museum), or stop it."""

    def act(self, request, pk):
        person = get_object_or_404(User, pk=pk, is_active=True)
        make = request.POST.get("is_coordinator") == "1"
        if not make and person.pk == request.user.pk:
            raise ValidationError(_("You cannot take away your own coordinator role: ask another coordinator."))
        services.coordinator_set(user=person, is_coordinator=make, by=request.user, request=request)
        messages.success(
            request,
            (_("%(person)s is now a network coordinator.") if make else _("%(person)s is no longer a network coordinator."))
            % {"person": person},
        )

    def default_url(self, pk):
        return reverse("people:person", args=[pk])


class InviteForm(InvitationForm):
    museum = forms.ModelChoiceField(label=gettext_lazy("Museum"), queryset=Museum.objects.order_by("search_key"))
    field_order = ["email", "museum", "role"]


class InviteView(AdminFormView):
    """Invite a person (new or already known) to work for a museum: they get a single-use link."""

    form_class = InviteForm
    page_title = gettext_lazy("Invite a person to a museum")
    header_icon = "mail"
    submit_label = gettext_lazy("Send the invitation")
    intro = gettext_lazy(
        "The person receives a link, valid for a week, to create their account (or to add the museum to their "
        "account). They appear in the museum's staff once they have accepted."
    )

    def get_initial(self):
        initial = super().get_initial()
        museum = Museum.objects.filter(pk=self.request.GET.get("museum") or 0).first()
        if museum is not None:
            initial["museum"] = museum
        person = User.objects.filter(pk=self.request.GET.get("person") or 0).first()
        if person is not None:
            initial["email"] = person.email
        return initial

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("people:index"), "label": _("People")},
            {"url": "", "label": _("Invite")},
        ]

    def get_success_url(self):
        return next_url(self.request, reverse("people:index"))

    def act(self, form):
        data = form.cleaned_data
        services.invitation_create(email=data["email"], museum=data["museum"], role=data["role"], by=self.request.user,
                                   request=self.request)
        messages.success(self.request, _("The invitation to %(museum)s was sent to %(email)s.") % {
            "museum": data["museum"].name, "email": data["email"],
        })


class PeopleViewSet(ViewSet):
    """People and their memberships (menu "People")."""

    name = "people"
    icon = "user"
    menu_label = gettext_lazy("People")
    add_to_admin_menu = True
    menu_order = 205

    def get_urlpatterns(self):
        return [
            path("", PeopleIndexView.as_view(), name="index"),
            path("<int:pk>/", PersonView.as_view(), name="person"),
            path("<int:pk>/coordinator/", CoordinatorSetView.as_view(), name="coordinator"),
            path("invite/", InviteView.as_view(), name="invite"),
            path("memberships/<int:pk>/role/", MembershipRoleView.as_view(), name="membership_role"),
            path("memberships/<int:pk>/end/", MembershipEndView.as_view(), name="membership_end"),
            path("invitations/<int:pk>/revoke/", InvitationRevokeView.as_view(), name="invitation_revoke"),
        ]

    def get_menu_item(self, order=None):
        item = super().get_menu_item(order)
        item.is_shown = lambda request: permissions.can_use_network_admin(request.user)
        return item


# --- Working groups ---------------------------------------------------------------------------


class WorkingGroupForm(WagtailAdminModelForm):
    class Meta:
        model = WorkingGroup
        fields = ["name", "slug", "description"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # The slug names the group's forum permissions and its address: it stays.
            del self.fields["slug"]
        else:
            self.fields["slug"].required = False
            self.fields["slug"].help_text = _("The end of the group's address; made from its name when empty.")

    def _post_clean(self):
        pass  # the services validate the group (full_clean) when they save it


class WorkingGroupCreateView(CreateView):
    def save_instance(self):
        data = self.form.cleaned_data
        return services.working_group_create(
            name=data["name"], slug=data.get("slug") or "", description=data["description"], by=self.request.user,
            request=self.request,
        )

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)

    def get_success_url(self):
        return reverse("working_groups:members", args=[self.object.pk])


class WorkingGroupEditView(EditView):
    def save_instance(self):
        data = self.form.cleaned_data
        return services.working_group_update(
            group=self.object, name=data["name"], description=data["description"], by=self.request.user, request=self.request,
        )

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)

    def get_header_more_buttons(self):
        from wagtail.admin.widgets.button import HeaderButton

        return [
            HeaderButton(_("Members"), url=reverse("working_groups:members", args=[self.object.pk]), icon_name="group"),
            *super().get_header_more_buttons(),
        ]


class GroupMemberForm(forms.Form):
    user = forms.ModelChoiceField(label=gettext_lazy("Person"), queryset=User.objects.none())
    role = forms.ChoiceField(label=gettext_lazy("Role"), choices=GroupRole.choices, initial=GroupRole.MEMBER)

    def __init__(self, *args, group, **kwargs):
        super().__init__(*args, **kwargs)
        already = WorkingGroupMembership.objects.active().filter(group=group).values("user")
        self.fields["user"].queryset = (
            User.objects.filter(is_active=True)
            .filter(Q(memberships__ended_at__isnull=True) | Q(profile__is_coordinator=True))
            .exclude(pk__in=already).distinct().order_by("last_name", "first_name")
        )
        self.fields["user"].label_from_instance = lambda u: f"{u.get_full_name() or u.email} <{u.email}>"


class WorkingGroupMembersView(CoordinatorsOnlyMixin, WagtailAdminTemplateMixin, TemplateView):
    """A working group's leads and members: add someone, make them lead or member, take them out."""

    template_name = "wagtailadmin/network/working_group_members.html"
    header_icon = "group"

    def dispatch(self, request, pk):
        self.group = get_object_or_404(WorkingGroup, pk=pk)
        return super().dispatch(request, pk)

    def get_page_title(self):
        return _("Members of %(group)s") % {"group": self.group.name}

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("working_groups:index"), "label": _("Working groups")},
            {"url": reverse("working_groups:edit", args=[self.group.pk]), "label": self.group.name},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            group=self.group,
            memberships=list(selectors.group_members(self.group)),
            group_roles=GroupRole.choices,
            form=kwargs.get("form") or GroupMemberForm(group=self.group),
            here=self.request.get_full_path(),
        )
        return context

    def post(self, request, pk):
        form = GroupMemberForm(request.POST, group=self.group)
        if form.is_valid():
            person = form.cleaned_data["user"]
            try:
                services.working_group_join(
                    group=self.group, user=person, role=form.cleaned_data["role"], by=request.user, request=request
                )
            except ValidationError as error:
                refused(request, error)
            else:
                messages.success(request, _("%(person)s takes part in %(group)s.") % {"person": person, "group": self.group})
                return redirect("working_groups:members", pk=self.group.pk)
        return self.render_to_response(self.get_context_data(form=form))


class GroupRoleView(AdminActionView):
    def act(self, request, pk, user_id):
        group = get_object_or_404(WorkingGroup, pk=pk)
        membership = get_object_or_404(WorkingGroupMembership.objects.active().select_related("user"), group=group, user_id=user_id)
        role = request.POST.get("role")
        if role not in GroupRole.values:
            raise ValidationError(_("Choose a role."))
        services.working_group_join(group=group, user=membership.user, role=role, by=request.user, request=request)
        messages.success(request, _("%(person)s is now %(role)s of %(group)s.") % {
            "person": membership.user, "role": GroupRole(role).label.lower(), "group": group,
        })

    def default_url(self, pk, user_id):
        return reverse("working_groups:members", args=[pk])


class GroupLeaveView(AdminActionView):
    def act(self, request, pk, user_id):
        group = get_object_or_404(WorkingGroup, pk=pk)
        membership = get_object_or_404(WorkingGroupMembership.objects.active().select_related("user"), group=group, user_id=user_id)
        services.working_group_leave(group=group, user=membership.user, by=request.user, request=request)
        messages.success(request, _("%(person)s no longer takes part in %(group)s.") % {"person": membership.user, "group": group})

    def default_url(self, pk, user_id):
        return reverse("working_groups:members", args=[pk])


class WorkingGroupViewSet(ModelViewSet):
    """Working groups: created and renamed through the services (their forum and page follow at
    once), leads and members on the "Members" page. Never deleted (history hangs on them)."""

    model = WorkingGroup
    icon = "group"
    menu_label = gettext_lazy("Working groups")
    add_to_admin_menu = True
    menu_order = 210
    url_prefix = "working-groups"
    name = "working_groups"
    copy_view_enabled = False
    list_display = ["name", "slug"]
    search_fields = ["name"]
    search_backend_name = None
    add_view_class = WorkingGroupCreateView
    edit_view_class = WorkingGroupEditView

    @property
    def permission_policy(self):
        return CoordinatorsOnlyPolicy(WorkingGroup)

    def get_form_class(self, for_update=False):
        return WorkingGroupForm

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("<int:pk>/members/", WorkingGroupMembersView.as_view(), name="members"),
            path("<int:pk>/members/<int:user_id>/role/", GroupRoleView.as_view(), name="member_role"),
            path("<int:pk>/members/<int:user_id>/leave/", GroupLeaveView.as_view(), name="member_leave"),
        ]

