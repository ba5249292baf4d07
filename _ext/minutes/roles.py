"""``{person}`` and ``{action-ref}``: pending references into the minutes domain."""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes
from sphinx import addnodes
from sphinx.util.docutils import SphinxRole

from .checks import Subtype, closest_action_hint, missing_person_message, source_lines, warn, warn_unknown_person
from .domain import minutes_domain, page_people
from .model import UNASSIGNED_LABEL

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from .people import PeopleRegistry


def person_node(name: str, registry: PeopleRegistry) -> nodes.Node:
    """A link to a known person's page, or the name as written, marked, for an unknown one."""
    person = registry.resolve(name)
    if person is None:
        return nodes.inline(name, name, classes=["minutes-person", "minutes-unknown-person"])
    ref = addnodes.pending_xref(
        "", refdomain="minutes", reftype="person", reftarget=person.id, refexplicit=True, refwarn=False
    )
    ref += nodes.inline(person.name, person.name, classes=["minutes-person"])
    return ref


def people_nodes(names: tuple[str, ...] | list[str], registry: PeopleRegistry) -> list[nodes.Node]:
    """People separated by commas, each linked as ``person_node`` does."""
    result: list[nodes.Node] = []
    for i, name in enumerate(names):
        if i:
            result.append(nodes.Text(", "))
        result.append(person_node(name, registry))
    return result


def unassigned() -> nodes.inline:
    """What stands where an action's owners would be when nobody owns it."""
    return nodes.inline(UNASSIGNED_LABEL, UNASSIGNED_LABEL, classes=["minutes-unassigned"])


def action_ref_node(target: str, text: str | None = None) -> addnodes.pending_xref:
    """A reference to an action's anchor; with no text it shows the description and status."""
    ref = addnodes.pending_xref(
        "",
        refdomain="minutes",
        reftype="action",
        reftarget=target,
        refexplicit=text is not None,
        refwarn=True,
        minutes_fill=text is None,
    )
    ref += nodes.literal(text or target, text or target, classes=["minutes-action-ref"])
    return ref


def role_line(role: SphinxRole) -> int:
    """The line a role is written on. MyST gives every role in a paragraph the paragraph's
    first line; the page's source tells which line holds the n-th ``{name}`` of it."""
    lines = source_lines(role.env)
    if not 0 < role.lineno <= len(lines):
        return role.lineno
    counts = role.env.temp_data.get("minutes_role_counts")
    if counts is None:
        counts = role.env.temp_data["minutes_role_counts"] = {}
    key = (role.lineno, role.name)
    nth = counts[key] = counts.get(key, -1) + 1
    opener = "{%s}`" % role.name
    seen = 0
    for index in range(role.lineno - 1, len(lines)):
        if index >= role.lineno and not lines[index].strip():
            break
        seen += lines[index].count(opener)
        if seen > nth:
            return index + 1
    return role.lineno


class PersonRole(SphinxRole):
    """``{person}`kbechtol```: the person's name, linked to their page."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        name = self.text.strip()
        registry = page_people(self.env)
        if not name:
            warn(missing_person_message("{person}"), Subtype.UNKNOWN_PERSON, self.get_location_tuple())
        elif registry.resolve(name) is None:
            warn_unknown_person(registry, name, self.get_location_tuple())
        return [person_node(name, registry)], []

    def get_location_tuple(self) -> tuple[str, int]:
        return (self.env.docname, role_line(self))


class ActionRefRole(SphinxRole):
    """``{action-ref}`camera-schedule```: a link to the action showing its description and status."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        domain = minutes_domain(self.env)
        target = self.text.strip()
        title = None
        if target.endswith(">") and "<" in target:
            title, target = target[:-1].split("<", 1)
            title, target = title.strip(), target.strip()
        domain.note_action_ref(self.env.docname, target)
        ref = action_ref_node(target, title or None)
        self.set_source_info(ref)
        ref.line = ref["minutes_lineno"] = role_line(self)
        return [ref], []


def on_warn_missing_reference(app: Sphinx, domain: object, node: addnodes.pending_xref) -> bool | None:
    """A dangling ``{action-ref}`` is an ``unknown-action`` problem, not Sphinx's ``ref.action``."""
    if node.get("refdomain") != "minutes" or node.get("reftype") != "action":
        return None
    if node.get("minutes_reported"):
        return True
    target = node["reftarget"]
    hint = closest_action_hint(minutes_domain(app.env).view, target)
    warn(
        f"{{action-ref}} names {target!r}, which no action has{hint}",
        Subtype.UNKNOWN_ACTION,
        node,
    )
    return True


def setup_roles(app: Sphinx) -> None:
    app.add_role("person", PersonRole())
    app.add_role("action-ref", ActionRefRole())
    app.connect("warn-missing-reference", on_warn_missing_reference)
