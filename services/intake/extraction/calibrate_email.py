"""Evidence in a scanned contact's e-mail address against the contact's name read beside it: a
mailbox spells its owner's names, so a character added to one of them or the stop between them lost
is OCR's. Part of `calibrate`, on scans and photos only."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from difflib import SequenceMatcher

from shared.contracts.certificate import Certificate

Evidence = Iterator[str]  # internal paths of values with evidence against them
# What parts a mailbox's names: a stop, an underscore, a hyphen, or a stop read as a comma
MAILBOX_PARTS = re.compile(r"[._,\-]")


def speck_after_the_contact(cert: Certificate) -> Evidence:
    """`robert.walsh1@` beside Robert Walsh: a speck after the name read as a digit, or the `@`'s
    tail read again as a letter (`maria.cheng@gallagher`), or a few letters (`susan.okaforkat@`); a
    mailbox spelling its owner's names apart does not add a character to one of them, nor lose the
    first (`ames.smith@` beside James Smith). Nor is a named contact's mailbox one letter."""
    producer = cert.producer
    if producer.email and producer.contact_name and len(producer.email.split("@")[0]) <= 1:
        yield "producer.email"  # `a@heffernan.com` beside James Garcia: the mailbox's name lost
    if producer.email and producer.contact_name and "@" in producer.email:
        names = producer.contact_name.lower().split()
        mailbox = producer.email.split("@")[0].lower()
        local = MAILBOX_PARTS.split(mailbox)
        if len(local) >= 2 and any(
            _name_and_more(part, names) or _name_cut(part, names) or part.isdigit() for part in local
        ):
            yield "producer.email"  # `5.luis.walsh@`: a speck before the names read as a digit
        if any(
            len(name) >= _SHORTEST_NAME and mailbox.count(name) > names.count(name) for name in set(names)
        ):
            yield "producer.email"  # `linda.johrlinda.johnson@`: the mailbox read again after its start


def first_name_against_the_mailbox(cert: Certificate) -> Evidence:
    """`Via Okafor` beside `david.okafor@`: the surname agrees, the first name does not start as
    the mailbox's does (`Dave` would), or is the mailbox's but its last letter (`Rober`), so the
    name's first word lost letters or was misread. (A `Bob` beside `robert.` costs a glance.)"""
    pair = _mailbox_and_name(cert)
    if pair is None or pair[0][1] != pair[1][1]:
        return
    mailbox, first = pair[0][0], pair[1][0]
    initial = len(first) == 1 and mailbox.startswith(first)  # `A Smith` (doubted as an initial)
    mailbox_cut = mailbox == first[1:]  # `riya.okafor@`: the e-mail's, doubted by `_name_cut`
    if first[:_SAME_START] != mailbox[:_SAME_START] and not (initial or mailbox_cut):
        yield "producer.contact_name"
    elif len(first) > 1 and mailbox.startswith(first) and len(mailbox) == len(first) + 1:
        yield "producer.contact_name"  # `Rober` beside `robert.`: its last letter lost (no nickname)


_FIRST_AND_LAST, _SAME_START = 2, 2


def _mailbox_and_name(cert: Certificate) -> tuple[list[str], list[str]] | None:
    """The mailbox's two parts (`david.okafor@`) and the contact's two names, lower case; None
    unless both are a first name and a surname."""
    producer = cert.producer
    if not (producer.email and producer.contact_name and "@" in producer.email):
        return None
    # (`james-.davis@`: a speck beside the stop parts nothing)
    local = [part for part in MAILBOX_PARTS.split(producer.email.split("@")[0].lower()) if part]
    names = [w.strip(".,") for w in producer.contact_name.lower().split()]
    return (local, names) if len(local) == len(names) == _FIRST_AND_LAST else None


def mailbox_spelling_a_doubted_name(cert: Certificate, doubted: Callable[[str], bool]) -> Evidence:
    """`gavid.okafor@` beside a doubted `Gavid Okafor`: the mailbox spells the same names in the
    same print, so a glyph misread in the name is as likely misread in it (the same face makes the
    same mistake twice); agreeing with it is no evidence that either is right."""
    pair = _mailbox_and_name(cert)
    if pair is not None and pair[0] == pair[1] and doubted("producer.contact_name"):
        yield "producer.email"


def surname_against_the_mailbox(cert: Certificate) -> Evidence:
    """`Kevin Garda` beside `kevin.aarcia@`: the first names agree, the surnames, as long give or
    take a letter or two, do not: the mailbox spells its owner's names, so one of the two, or
    both, is misread."""
    pair = _mailbox_and_name(cert)
    if pair is None or pair[0][0] != pair[1][0]:
        return
    mailbox, surname = pair[0][1], pair[1][1]
    # (one the other with a character more or cut is `speck_after_the_contact`'s)
    apart = not (surname.startswith(mailbox) or mailbox.startswith(surname))
    if apart and abs(len(surname) - len(mailbox)) <= _FEW_LETTERS and (surname + mailbox).isalpha():
        yield "producer.email"
        yield "producer.contact_name"


_FEW_LETTERS = 2
_SHORTEST_NAME = 3  # letters of a name counted in a mailbox: shorter ones (`jo`) stand inside others


def _name_and_more(part: str, names: list[str]) -> bool:
    """`walsh1`, `okaforkat`: one of the names with a character or a few read after it."""
    return any(
        len(name) >= _SHORTEST_NAME and part.startswith(name) and 0 < len(part) - len(name) <= _FEW
        for name in names
    )


def _name_cut(part: str, names: list[str]) -> bool:
    """`ames` beside James: one of the names with its first letter lost at the box's edge."""
    return any(len(name) > _SHORTEST_NAME and part == name[1:] for name in names)


_SHORTEST_NAME, _FEW = 2, 3


def separator_lost(cert: Certificate) -> Evidence:
    """`kevingarcia@` beside Kevin Garcia: the stop between the names is the glyph a scan loses
    most, and a mailbox spelling both names whole with nothing between them cannot show whether
    one was printed; a person looks (a real `kevingarcia@` costs a glance). So for the stop read as
    another glyph, and for print lost around where it stood."""
    producer = cert.producer
    if not (producer.email and producer.contact_name and "@" in producer.email):
        return
    local = producer.email.split("@")[0].lower()
    names = re.findall(r"[a-z]+", producer.contact_name.lower())
    if len(names) < _FIRST_AND_LAST:
        return
    first, last = names[0], names[-1]
    between = _GLYPH_BETWEEN_NAMES.fullmatch(local)
    if (
        local == first + last
        # `maria1johnson@`: the stop between the names read as a 1
        or (between is not None and between.groups() == (first, last))
        # `lindith@` beside Linda Smith: glyphs lost across the stop
        or _names_run_together_in_part(local, first, last)
        # `johnson@` beside Susan Johnson: the first name and the stop lost (`lopez@` beside T. Lopez
        # is a mailbox like any)
        or (local == last and len(first) > 1)
    ):
        yield "producer.email"


def _names_run_together_in_part(local: str, first: str, last: str) -> bool:
    """A mailbox that opens as the first name and closes as the surname but spells neither whole,
    nor an initial and the surname (`lindith`): print lost across where the stop stood."""
    whole = (first + last, first[0] + last, first, last, first + last[0])
    ends = min(_NAME_ENDS, len(first), len(last))
    return (
        local.isalpha()
        and local not in whole
        and local.startswith(first[:ends])
        and local.endswith(last[-ends:])
        and len(local) < len(first) + len(last)
    )


_NAME_ENDS = 3


_GLYPH_BETWEEN_NAMES = re.compile(r"([a-z]{3,})[1|,:;]([a-z]{3,})")


def domain_near_name(email: str, name: str) -> bool:
    """The e-mail's domain a few letters off a word of the agency's name (`aallaaher.com` beside
    Gallagher): an agency's domain is its name, so one of the two is misread."""
    domain = email.rpartition("@")[2].split(".")[0].lower()
    words = [w for w in re.split(r"[^a-z]+", name.lower()) if w]
    if len(domain) < _MIN_DOMAIN_WORD:
        # A short domain is the agency's initials (`usl.com` beside USI Insurance Services): one
        # letter off a short word of its name, or off the initials of its words.
        short = [w for w in words if len(w) < _MIN_DOMAIN_WORD] + ["".join(w[0] for w in words)]
        return len(domain) >= _SHORTEST_DOMAIN and any(_one_letter_off(domain, w) for w in short)
    long_words = [w for w in words if len(w) >= _MIN_DOMAIN_WORD]
    return any(near(domain, w, 0.75) for w in long_words)


_SHORTEST_DOMAIN = 3


def _one_letter_off(word: str, other: str) -> bool:
    return len(word) == len(other) and sum(a != b for a, b in zip(word, other, strict=True)) == 1


_MIN_DOMAIN_WORD = 5


def near(word: str, other: str, ratio: float = 0.8) -> bool:
    """One or two letters apart in a word of the same length, or nearly alike for longer edits."""
    return word != other and SequenceMatcher(None, word, other).ratio() >= ratio
