"""One claim per speech act: a statement that only frames a more specific claim of the
same speaker goes, an elaborating participle lends its target, duplicates of one cue
go.
"""

from __future__ import annotations

from spacy.tokens import Token

from kg.model import Claim


def _reported_inside(verb: Token, claim: Claim, found: list[tuple[Token, Claim]]) -> bool:
    """A stance inside someone's reported clause is part of their claim, not a claim of
    its own. By the reporter's own side it lends the reporter's plain statement its type
    and target ("said it would retaliate"); by another actor it makes that actor the
    statement's target ("noted that the parliament had rejected the deal")."""
    for outer_verb, outer in found:
        if outer is claim or not _reports(outer_verb, verb):
            continue
        framing = outer.speaker == claim.speaker and outer.type == "state"
        if framing and claim.type != "state" and not _to_come(verb):
            continue  # "said it opposed the move": the framing statement goes, this stays
        sides = {outer.speaker.key, outer.speaker.part_of, outer.speaker.leader_of}
        own = claim.speaker.key in sides or claim.speaker.part_of in sides - {None}
        if own and outer.type == "state":
            outer.type, outer.target = claim.type, claim.target
        elif own and verb.dep_ == "conj" and claim.type != outer.type:
            continue  # "said it opposed the move and urged the EU to ...": a second act
        elif not own and outer.type == "state" and outer.target is None:
            outer.target = claim.speaker
        return True
    return False


def _to_come(verb: Token) -> bool:
    """ "Would attack", "will respond": an act announced, whose saying is the claim."""
    return any(c.dep_ == "aux" and c.lower_ in _MODALS for c in verb.children)


_MODALS = frozenset({"would", "will", "'ll", "could", "might", "may", "shall"})


def _reports(outer: Token, inner: Token) -> bool:
    """Whether ``inner`` is in the clause ``outer`` reports ("said it opposed ... and
    urged ..."), not a verb beside it ("said ... and called on ...")."""
    while inner.head != inner and inner.dep_ in ("ccomp", "xcomp", "conj"):
        if inner.head == outer:
            return inner.dep_ != "conj"
        inner = inner.head
    return False


def _introduces(outer: Token, inner: Token) -> bool:
    """Whether ``inner`` elaborates ``outer``: its participle or its reported clause."""
    while inner.head != inner and inner.dep_ in ("advcl", "ccomp", "xcomp"):
        if inner.head == outer:
            return True
        inner = inner.head
    return False


def tidy(found: list[tuple[Token, Claim]]) -> list[Claim]:
    """One claim per speech act. A statement that only frames a more specific claim of
    the same speaker goes ("said it opposed the move"); so does a participle that only
    elaborates its speaker's claim in the same vein ("thanked X, calling it timely";
    "criticised the package, saying ..."), while one of another kind stays ("condemned
    the moves, accusing Washington of ..."). An untargeted claim borrows the target of
    the claim it introduces or elaborates."""
    result: list[tuple[Token, Claim]] = []
    for verb, claim in found:
        inner = [
            c for v, c in found if v != verb and c.speaker == claim.speaker and _introduces(verb, v)
        ]
        outer = [
            c for v, c in found if v != verb and c.speaker == claim.speaker and _introduces(v, verb)
        ]
        reported = [c for v, c in found if c in inner and _reports(verb, v)]
        if claim.type == "state" and any(c.type != "state" for c in reported):
            continue
        participles = [c for v, c in found if c in inner and v.dep_ == "advcl"]
        if claim.type == "state" and any(c.type != "state" for c in participles):
            continue  # "she said ..., asking X to be patient": the asking is the act
        if _reported_inside(verb, claim, found):
            continue  # "Greer said Washington would keep pressing Brussels": Greer's claim
        if verb.dep_ in ("advcl", "xcomp") and any(
            c.type == claim.type or claim.type == "state" for c in outer
        ):
            for c in outer:  # what the elaboration adds: its target
                c.target = c.target or claim.target
            continue
        if claim.target is None:
            targets = [c.target for c in inner + outer if c.target is not None]
            if targets:
                claim.target = targets[0]
        result.append((verb, claim))
    return _one_per_act(result)


def _one_per_act(found: list[tuple[Token, Claim]]) -> list[Claim]:
    """One claim per cue, speaker, type and target: "calling it 'null and void' and
    'ridiculous'" is one criticism, however many words it takes; "announced the results
    and said there was proof" is one statement."""
    seen: set[tuple[int, str, str, str | None]] = set()
    kept = []
    for verb, claim in found:
        target = claim.target.key if claim.target else None
        key = (verb.i, claim.speaker.key, claim.type, target)
        head = verb.head.i if verb.dep_ == "conj" and claim.type == "state" else None
        if key in seen or (head, claim.speaker.key, claim.type, target) in seen:
            continue
        seen.add(key)
        kept.append(claim)
    return kept
