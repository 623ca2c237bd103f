"""The publishing rules' problems, worded in the language of the staff page."""

from __future__ import annotations

from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from dpaportal.staff.version_forms import MARKUP_MESSAGES
from dpaportal.versions.rules import ENGLISH, Problem, Shape

LIST_STYLES = {
    "bullet": _("bulleted"),
    "number": _("numbered"),
    "letter": _("lettered"),
}

# Values the rules mark for the catalogue (gettext_noop) rather than translate.
MARKED_VALUES = ("element", "field")


def problem_message(problem: Problem) -> str:
    """One problem as a sentence in the active language."""
    values = {
        key: shape_words(value) if isinstance(value, tuple) else value
        for key, value in problem.values.items()
    }
    for key in MARKED_VALUES:
        if key in values:
            values[key] = gettext(values[key])
    if problem.code == "markup":
        values["detail"] = str(
            MARKUP_MESSAGES.get(values["markup_code"], values["detail"])
        )
    return gettext(ENGLISH[problem.code]) % values


def shape_words(shape: Shape) -> str:
    """A clause's blocks in words: "paragraph + numbered list of 3 items"."""
    words = [
        gettext("paragraph")
        if kind == "p"
        else ngettext(
            "%(style)s list of %(count)d item",
            "%(style)s list of %(count)d items",
            count,
        )
        % {"style": LIST_STYLES.get(kind, kind), "count": count}
        for kind, count in shape
    ]
    return " + ".join(words) or gettext("nothing")
