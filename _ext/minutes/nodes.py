"""Placeholder nodes: written at read time, replaced at write time by ``listings``.

Each carries only ids and options, so the page is resolved against the whole site's
current data when it is written, never against a stale copy.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from .view import MinutesView


def nodes_of(tree: nodes.Node, kinds: tuple[type[nodes.Element], ...]) -> list[nodes.Element]:
    """The nodes of ``tree`` (itself included) that are of one of ``kinds``, in document order,
    as ``tree.findall`` gives them: in one walk with a list for a stack, which costs half of
    ``findall``'s generator per node, and one walk for several kinds where a check wants them."""
    found: list[nodes.Element] = []
    stack: list[nodes.Node] = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, kinds):
            found.append(node)
        if node.children:
            stack.extend(reversed(node.children))
    return found


class MinutesPlaceholder(nodes.General, nodes.Element):
    """Base of every node the post-transform replaces."""


class meeting_header(MinutesPlaceholder):
    """The series eyebrow above the logistics panel (``series``)."""


class logistics(MinutesPlaceholder):
    """The meeting's date, time, place and people (``meeting``: its record); its children
    are the location, parsed from its Markdown."""


class agenda(MinutesPlaceholder):
    """The agenda table, built from the page's topics."""


class action_state(MinutesPlaceholder):
    """An action's current status, owners, due date and history (``action_id``)."""


class action_table(MinutesPlaceholder):
    """The ``{action-table}`` listing (``status``, ``owner``, ``series``, ``overdue``, ``group_by``)."""


class meeting_list(MinutesPlaceholder):
    """The ``{meeting-list}`` listing (``series``, ``limit``)."""


class decision_log(MinutesPlaceholder):
    """The ``{decision-log}`` listing (``series``)."""


class series_overview(MinutesPlaceholder):
    """Latest meetings of each series with open and overdue counts (``limit``)."""


class html_part(nodes.General, nodes.Element):
    """A resolved part of a page written as HTML (``html``) for an HTML builder; its text
    (its only child) is what search indexes (``pagehtml``)."""


class html_inline(nodes.Inline, nodes.TextElement):
    """Inline nodes between two ``html_part``s (the panel's location), translated as they
    are: it writes no tag of its own."""


def _skip(self: nodes.NodeVisitor, node: nodes.Element) -> None:
    raise nodes.SkipNode


def _pass(self: nodes.NodeVisitor, node: nodes.Element) -> None:
    pass


def visit_html_part(self: nodes.NodeVisitor, node: nodes.Element) -> None:
    """Write the part's HTML; a table's own tags as this translator writes a table's."""
    body = self.body
    if "table" not in node:
        body.append(node["html"])
        raise nodes.SkipNode
    before, rows, after = node["html"]
    table = nodes.table(classes=node["table"])
    body.append(before)
    self.visit_table(table)
    body.append(rows)
    self.depart_table(table)
    body.append(after)
    raise nodes.SkipNode


def setup_nodes(app: Sphinx) -> None:
    """Register the placeholders; a builder that meets one left over writes nothing for it."""
    skip = (_skip, None)
    for node in (
        meeting_header,
        logistics,
        agenda,
        action_state,
        action_table,
        meeting_list,
        decision_log,
        series_overview,
    ):
        app.add_node(node, html=skip, latex=skip, text=skip, man=skip, texinfo=skip)
    app.add_node(html_part, html=(visit_html_part, None), latex=skip, text=skip, man=skip, texinfo=skip)
    app.add_node(html_inline, html=(_pass, _pass), latex=skip, text=skip, man=skip, texinfo=skip)


def reference_content(view: MinutesView, typ: str, target: str) -> nodes.Element:
    """What an ``{action-ref}`` with no text of its own shows: the action's description and
    current status (or a decision's description), resolved as the page is written."""
    if typ == "action":
        state = view.states[target]
        inline = nodes.inline("", "", classes=["minutes-action-ref", f"minutes-status-{state.status}"])
        inline += nodes.Text(state.action.description or state.id)
        inline += nodes.Text(" ")
        inline += nodes.inline("", f"({state.status})", classes=["minutes-status"])
        return inline
    decision = view.decisions[target]
    return nodes.inline("", decision.description or decision.id, classes=["minutes-decision-ref"])
