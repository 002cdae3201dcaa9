"""`{% member_skills person %}`: the skills block of a profile page."""

from django import template

from .. import permissions, selectors

register = template.Library()


@register.inclusion_tag("skills_directory/includes/member_skills.html", takes_context=True)
def member_skills(context, person):
    """The skills `person` declared and wants to learn, as the viewer may see them."""
    viewer = context["request"].user
    if not permissions.can_see_skills_of(viewer, person):
        return {"visible": False}
    declared = list(selectors.declared_skills_of(person))
    is_me = viewer.pk == person.pk
    return {
        "visible": True,
        "person": person,
        "declared": declared,
        "wishes": list(selectors.learning_wishes_of(person)),
        "is_me": is_me,
        "is_hidden": is_me and permissions.is_hidden(person),
        "can_ask": not is_me and any(d.willing_to_be_asked for d in declared) and permissions.can_ask(viewer, person),
    }
