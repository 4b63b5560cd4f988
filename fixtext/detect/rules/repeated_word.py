"""FT003 repeated-word: the same word twice in a row ("voted to to").

Silent on legitimate doubles: "had had", "that that", "is is" ("what it is is"), "do
do", "her her" ("gave her her coat"), reduplications ("bye bye", "very very", "no no",
"ha ha", "hey hey"), a verb's particle followed by the same preposition ("was sworn in in
May", "going on on land"), capitalised names ("Walla Walla", "Bora Bora") and numbers
("10 10"). The fix deletes every copy after the first, in one edit.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from fixtext.codes import Example
from fixtext.detect.rules.base import Hit, Rule
from fixtext.document import Sentence
from fixtext.textops import word_before

_DOUBLE = re.compile(r"(?<![\w'’-])([A-Za-z]+(?:['’][a-z]+)?)((?: \1)+)(?![\w'’-])", re.IGNORECASE)
LEGIT_DOUBLES = frozenset(
    """had that is do does did her very really bye no yes ha ah oh la blah knock tut well
    now there night boo har heh hee ho go chop so too far many much wait tick tom bang
    hush hey""".split()
)
#: Particles of phrasal verbs that are prepositions too ("sworn in | in May").
PARTICLES = frozenset("in on".split())
#: Verbs whose particle "in" or "on" is often followed by the same preposition ("was sworn
#: in in May", "was going on on land"); "born in in" stays an error.
PARTICLE_VERBS = frozenset(
    """sworn swear swore logged log signed sign checked check moved move moving going go
    goes went gone carried carry carrying carries held hold holding came come comes coming
    turned turn kept keep switched passed handed filled phoned dropped""".split()
)


def check(sentence: Sentence, previous: Sentence | None) -> Iterator[Hit]:
    """Yield the copies after the first of each immediately repeated word (one fix)."""
    for match in _DOUBLE.finditer(sentence.text):
        first, copies = match.groups()
        second = copies.split()[0]
        if first.lower() in LEGIT_DOUBLES:
            continue
        if second[0].isupper() or (first[0].isupper() and match.start() > 0):
            continue  # a name: "Walla Walla", "Bidyanus bidyanus"; "The the" still fires
        if len(first) == 1 and first.lower() not in ("a",):
            continue  # "I I", list letters
        if first.lower() in PARTICLES and word_before(sentence.text, match.start()) in (
            PARTICLE_VERBS
        ):
            continue  # "was sworn in in May": the verb's particle, then the preposition
        yield Hit(
            match.end(1),
            match.end(),
            f"The word '{second}' is repeated",
            0.9 if first.islower() else 0.8,
            "",
        )


RULE = Rule(
    code="FT003",
    name="repeated-word",
    summary="A word is repeated.",
    issue_type="duplication",
    fires=(
        Example(
            "The council voted to to approve the budget.",
            "The council voted to approve the budget.",
        ),
        Example("Police found the the car near the river.", "Police found the car near the river."),
        Example("She was born in in a small town.", "She was born in a small town."),
        Example("The the report was published.", "The report was published."),
    ),
    silent=(
        "By then he had had enough of the job.",
        "He said that that plan would fail.",
        "What the problem is is that nobody knows.",
        "She waved bye bye to the crowd.",
        "It was a very very long day.",
        "He grew up in Walla Walla with his aunt.",
        "The score was 10 10 at half time.",
        "She gave her her coat back.",
        "He saw The The play live.",
    ),
    check=check,
    doc=__doc__,
)
