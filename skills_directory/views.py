"""Views of the skills directory. Thin: validate, ask permissions.py, call one service.

Every view is for people of the network only: anonymous visitors are sent to the sign-in page
by the login middleware, and a signed-in account with no museum gets 404 (never 403).
"""

import json
from functools import wraps

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from extranet.models import User
from extranet.pagination import query_without_page
from extranet.views import map_tiles_url

from . import permissions, selectors, services
from .forms import AskExpertForm, DeclareSkillForm, DirectorySearchForm, HiddenForm, LearningWishForm, RespondForm
from .models import LearningWish, MemberSkill, QuestionStatus
from .selectors import DirectoryQuery

PAGE_SIZE = 20


def directory_member_required(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not permissions.can_use_directory(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapped


def _error_text(error: ValidationError) -> str:
    return " ".join(error.messages)


# --- The directory ----------------------------------------------------------------------------


@directory_member_required
def directory(request):
    form = DirectorySearchForm(request.GET or None)
    query = DirectoryQuery()
    if form.is_valid():
        data = form.cleaned_data
        query = DirectoryQuery(
            skills=data["skills"], category=data["category"], museum=data["museum"],
            department=data["department"], level=data["level"], willing=data["willing"],
        )
    people = selectors.directory_search(viewer=request.user, query=query)
    page = Paginator(people, PAGE_SIZE).get_page(request.GET.get("page"))
    for person in page.object_list:
        # The "ask" button: the first matching skill this person is willing to be asked about.
        person.ask_skill_id = next(
            (d.skill_id for d in person.matching_skills if d.willing_to_be_asked and person.pk != request.user.pk), None
        )
    return render(
        request,
        "skills_directory/directory.html",
        {
            "form": form,
            "query": query,
            "page": page,
            "filters": query_without_page(request),
            "markers": selectors.directory_map_markers(viewer=request.user, query=query),
            "tiles_url": map_tiles_url(),
            "skill_groups": selectors.grouped_skill_choices(),
            "selected_skills": {skill.pk for skill in query.skills},
        },
    )


# --- My skills --------------------------------------------------------------------------------


@directory_member_required
def my_skills(request):
    user = request.user
    declared = list(selectors.declared_skills_of(user))
    editing = None
    initial = {}
    if request.GET.get("skill"):
        editing = next((d for d in declared if str(d.skill_id) == request.GET["skill"]), None)
        if editing:
            initial = {
                "skill": editing.skill_id, "level": editing.level,
                "description": editing.description, "willing_to_be_asked": editing.willing_to_be_asked,
            }
    form = DeclareSkillForm(request.POST or None, initial=initial, prefix="declare")
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.member_skill_declare(
                user=user, skill=data["skill"], level=data["level"], description=data["description"],
                willing_to_be_asked=data["willing_to_be_asked"], request=request,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("“%(skill)s” is on your profile.") % {"skill": data["skill"].name})
            return redirect("skills_directory:my_skills")
    entry = selectors.directory_entry_of(user)
    return render(
        request,
        "skills_directory/my_skills.html",
        {
            "declared": declared,
            "wishes": selectors.learning_wishes_of(user),
            "form": form,
            "editing": editing,
            "wish_form": LearningWishForm(prefix="wish"),
            "hidden_form": HiddenForm(initial={"hidden": bool(entry and entry.hidden)}),
            "is_hidden": bool(entry and entry.hidden),
        },
    )


@require_POST
@directory_member_required
def my_skill_remove(request, pk):
    declared = get_object_or_404(MemberSkill.objects.active().select_related("skill"), pk=pk, user=request.user)
    services.member_skill_remove(user=request.user, declared=declared, request=request)
    messages.success(request, _("“%(skill)s” is no longer on your profile.") % {"skill": declared.skill.name})
    return redirect("skills_directory:my_skills")


@require_POST
@directory_member_required
def wish_add(request):
    form = LearningWishForm(request.POST, prefix="wish")
    if form.is_valid():
        services.learning_wish_add(user=request.user, skill=form.cleaned_data["skill"], request=request)
        messages.success(request, _("Added to the skills you want to learn."))
    else:
        messages.error(request, _("Choose a skill from the list."))
    return redirect("skills_directory:my_skills")


@require_POST
@directory_member_required
def wish_remove(request, pk):
    wish = get_object_or_404(LearningWish.objects.active(), pk=pk, user=request.user)
    services.learning_wish_remove(user=request.user, wish=wish, request=request)
    messages.success(request, _("Removed from the skills you want to learn."))
    return redirect("skills_directory:my_skills")


@require_POST
@directory_member_required
def visibility(request):
    form = HiddenForm(request.POST)
    form.is_valid()  # a checkbox: absent means "shown"
    hidden = form.cleaned_data.get("hidden", False)
    services.directory_entry_set_hidden(user=request.user, hidden=hidden, request=request)
    if hidden:
        messages.success(request, _("You are hidden from the directory: nobody finds you or can ask you through it."))
    else:
        messages.success(request, _("You are listed in the directory again."))
    return redirect("skills_directory:my_skills")


@directory_member_required
def export(request):
    data = selectors.export_of(request.user)
    data["exported_at"] = timezone.now().isoformat()
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="mes-competences-musenor.json"'
    return response


# --- Questions to experts ----------------------------------------------------------------------


@directory_member_required
def ask(request, user_id):
    expert = get_object_or_404(User.objects.select_related("profile"), pk=user_id, is_active=True)
    askable = list(permissions.askable_skills(request.user, expert).select_related("skill").order_by("skill__name"))
    if not askable:
        raise Http404
    skills = [declared.skill for declared in askable]
    initial = {}
    if request.GET.get("skill"):
        initial["skill"] = request.GET["skill"]
    form = AskExpertForm(request.POST or None, skills=skills, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            question = services.expert_question_ask(
                asker=request.user, expert=expert, skill=data["skill"], subject=data["subject"],
                message=data["message"], request=request,
            )
        except ValidationError as error:
            form.add_error(None, _error_text(error))
        else:
            messages.success(request, _("Your question was sent to %(name)s.") % {"name": expert.display_name})
            return redirect(question)
    return render(request, "skills_directory/ask.html", {"expert": expert, "form": form, "askable": askable})


@directory_member_required
def question_list(request):
    asked, received = selectors.questions_of(request.user)
    return render(request, "skills_directory/question_list.html", {"asked": asked, "received": received})


def _visible_question(request, pk):
    question = get_object_or_404(
        permissions.questions_visible_to(request.user).select_related("asker", "expert", "expert__profile", "skill"),
        pk=pk,
    )
    return question


@directory_member_required
def question_detail(request, pk):
    question = _visible_question(request, pk)
    return render(
        request,
        "skills_directory/question_detail.html",
        {
            "question": question,
            "is_expert": question.expert_id == request.user.pk,
            "can_respond": permissions.can_respond(request.user, question),
            "can_accept": question.status == QuestionStatus.PENDING,
            "is_waiting": question.expert_id != request.user.pk and question.status == QuestionStatus.PENDING,
            "show_expert_email": permissions.can_see_expert_email(request.user, question),
            "respond_form": RespondForm(),
            "events": question.events.select_related("actor"),
        },
    )


@require_POST
@directory_member_required
def question_respond(request, pk):
    question = _visible_question(request, pk)
    if not permissions.can_respond(request.user, question):
        # The asker (or a closed question) gets the thread back, unchanged.
        if question.expert_id != request.user.pk:
            raise Http404
        messages.error(request, _("This question is closed."))
        return redirect(question)
    form = RespondForm(request.POST)
    action = request.POST.get("action", "")
    if form.is_valid():
        try:
            services.expert_question_respond(
                question=question, by=request.user, action=action, answer=form.cleaned_data["answer"], request=request
            )
        except ValidationError as error:
            messages.error(request, _error_text(error))
        else:
            messages.success(request, _("The person who asked has been told."))
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect(question)
