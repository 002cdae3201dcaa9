"""The forums in the Wagtail admin (`/cms/forums/`), for coordinators: create a forum, rename,
describe or move it, close it and open it again. Every write goes through `forum/services.py`,
so machina's permissions follow where a forum stands (docs/forum.md); closing locks, never deletes.
"""

from django import forms
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet

from extranet import permissions
from extranet.admin_views import AdminActionView, AdminFormView, CoordinatorsOnlyMixin

from . import services
from .models import ForumClosure, WorkingGroupForum
from .services import Forum


class ForumForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=100)
    description = forms.CharField(label=gettext_lazy("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    parent = forms.ModelChoiceField(
        label=gettext_lazy("Placed in"), queryset=Forum.objects.none(), required=False,
        empty_label=gettext_lazy("(the top of the forum index)"),
        help_text=gettext_lazy(
            "Under “Groupes de travail”, in a working group's forum: only the group's members. "
            "Elsewhere under “Groupes de travail”: coordinators only. Anywhere else: every member."
        ),
    )

    def __init__(self, *args, forum=None, **kwargs):
        super().__init__(*args, **kwargs)
        places = Forum.objects.exclude(type=Forum.FORUM_LINK)
        if forum is not None:
            places = places.exclude(pk__in=forum.get_descendants(include_self=True).values("pk"))
        self.fields["parent"].queryset = places.order_by("tree_id", "lft")
        self.fields["parent"].label_from_instance = lambda f: "— " * f.level + f.name


def forum_rows() -> list[dict]:
    """Every forum in the index's order, with where it stands and whether it is closed."""
    forums = list(Forum.objects.order_by("tree_id", "lft"))
    groups = dict(WorkingGroupForum.objects.values_list("forum_id", "group__name"))
    closed = set(ForumClosure.objects.filter(reopened_at__isnull=True).values_list("forum_id", flat=True))
    rows = []
    for forum in forums:
        # The same rule as services.forum_permissions_apply, from the rows already loaded.
        chain = sorted(
            (f for f in forums if f.tree_id == forum.tree_id and f.lft <= forum.lft and f.rght >= forum.rght),
            key=lambda f: -f.level,
        )
        group = next((groups[f.pk] for f in chain if f.pk in groups), None)
        root = chain[-1]
        if group:
            audience = _("the working group %(group)s") % {"group": group}
        elif root.pk != forum.pk and root.is_category and root.name == services.GROUPS_CATEGORY:
            audience = _("coordinators only")
        else:
            audience = _("every member")
        rows.append({
            "forum": forum, "indent": forum.level, "audience": audience,
            "closed": forum.pk in closed, "under_closed": any(f.pk in closed for f in chain[1:]),
            "can_close": forum.type == Forum.FORUM_POST and forum.pk not in closed,
        })
    return rows


class ForumIndexView(CoordinatorsOnlyMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "wagtailadmin/network/forum_index.html"
    page_title = gettext_lazy("Forums")
    header_icon = "comment"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": _("Forums")}]

    def get_context_data(self, **kwargs):
        return super().get_context_data(rows=forum_rows(), **kwargs)


class ForumCreateView(AdminFormView):
    form_class = ForumForm
    page_title = gettext_lazy("New forum")
    header_icon = "comment"
    submit_label = gettext_lazy("Create the forum")

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("forums:index"), "label": _("Forums")}, {"url": "", "label": _("New forum")},
        ]

    def get_success_url(self):
        return reverse("forums:index")

    def act(self, form):
        data = form.cleaned_data
        forum = services.forum_create(
            name=data["name"], description=data["description"], parent=data["parent"], by=self.request.user,
            request=self.request,
        )
        messages.success(self.request, _("The forum “%(forum)s” is open.") % {"forum": forum.name})


class ForumEditView(AdminFormView):
    form_class = ForumForm
    header_icon = "comment"
    submit_label = gettext_lazy("Save")

    def dispatch(self, request, pk):
        self.forum = get_object_or_404(Forum, pk=pk)
        return super().dispatch(request, pk)

    def get_page_title(self):
        return self.forum.name

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("forums:index"), "label": _("Forums")}, {"url": "", "label": self.forum.name},
        ]

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "forum": self.forum}

    def get_initial(self):
        return {"name": self.forum.name, "description": self.forum.description.raw if self.forum.description else "",
                "parent": self.forum.parent}

    def get_success_url(self):
        return reverse("forums:index")

    def act(self, form):
        data = form.cleaned_data
        services.forum_update(
            forum=self.forum, name=data["name"], description=data["description"], parent=data["parent"],
            by=self.request.user, request=self.request,
        )
        messages.success(self.request, _("The forum “%(forum)s” is saved.") % {"forum": data["name"]})


class ForumCloseView(AdminActionView):
    def act(self, request, pk):
        forum = get_object_or_404(Forum, pk=pk)
        services.forum_close(forum=forum, by=request.user, request=request)
        messages.success(request, _("The forum “%(forum)s” is closed: it can be read, nobody posts in it any more.") % {
            "forum": forum.name})

    def default_url(self, pk):
        return reverse("forums:index")


class ForumReopenView(AdminActionView):
    def act(self, request, pk):
        forum = get_object_or_404(Forum, pk=pk)
        services.forum_reopen(forum=forum, by=request.user, request=request)
        messages.success(request, _("The forum “%(forum)s” is open again.") % {"forum": forum.name})

    def default_url(self, pk):
        return reverse("forums:index")


class ForumViewSet(ViewSet):
    name = "forums"
    icon = "comment"
    menu_label = gettext_lazy("Forums")
    add_to_admin_menu = True
    menu_order = 220

    def get_urlpatterns(self):
        return [
            path("", ForumIndexView.as_view(), name="index"),
            path("new/", ForumCreateView.as_view(), name="add"),
            path("<int:pk>/", ForumEditView.as_view(), name="edit"),
            path("<int:pk>/close/", ForumCloseView.as_view(), name="close"),
            path("<int:pk>/reopen/", ForumReopenView.as_view(), name="reopen"),
        ]

    def get_menu_item(self, order=None):
        item = super().get_menu_item(order)
        item.is_shown = lambda request: permissions.can_use_network_admin(request.user)
        return item

