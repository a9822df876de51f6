"""Claims: who accused, criticised, threatened, praised... whom, of what, in which sentence.

A claim hangs on a cue verb (:data:`kg.extract.lexicon.CLAIM_CUES`). Its speaker is the
verb's subject (or the agent of a passive, or the subject it inherits as a participle
or a conjunct); its target the actor it is aimed at; its content the clause or phrase
that says what is claimed. A "said that" clause whose verb alleges wrongdoing is an
accusation of that clause's subject. Cues inside quotation marks, negated cues and
cues without an actor as speaker give no claim: precision first.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from spacy.tokens import Span, Token

from kg.extract import lexicon
from kg.extract.actors import ActorResolver
from kg.extract.claim_kinds import WH_WORDS, claim_type, content_of, holds_view, refine_statement
from kg.extract.claim_targets import (
    AT_DOERS,
    REACTIONS,
    doer_target,
    label_of,
    reacted_to,
    stance_of_words,
    target_of,
)
from kg.extract.claim_tidy import tidy
from kg.extract.discourse import STATEMENT_NOUNS, Discourse, statement_issuer
from kg.extract.quotations import claims_of_quotation
from kg.extract.spans import (
    child,
    date_for,
    evidence,
    inside_quote,
    is_negated,
    prep_objects,
    quote_in,
    subtree,
    text_of,
    tokens_of,
    verb_chain,
)
from kg.extract.speakers import (
    COMMENTATORS,
    former_official,
    is_media,
    speaker_of,
    statement_above,
    statement_agents,
    unknown_outlet,
)
from kg.extract.stance import stance
from kg.model import Claim

_RELATIVE = frozenset({"who", "which", "that"})
# Saying verbs whose noun object is itself what is claimed: "announced a new system".
_ANNOUNCING = frozenset(
    {"announce", "declare", "unveil", "proclaim", "report", "reveal", "claim", "justify"}
)
_BASE_CONFIDENCE = {"state": 0.6}


def extract_claims(
    sent: Span,
    resolver: ActorResolver,
    published: dt.date | None,
    discourse: Discourse | None = None,
) -> list[Claim]:
    """The claims of one sentence. ``discourse`` carries what earlier sentences of the
    article established (the last speaker, the author of a statement); pass the same
    one for every sentence of an article, in order."""
    if discourse is None:
        discourse = Discourse()
        discourse.next_sentence(sent)
    _note_statements(sent, resolver, discourse)
    claims: list[tuple[Token, Claim]] = []
    for token in tokens_of(sent):
        if token.pos_ != "VERB" or token.lemma_.lower() not in _CUES:
            continue
        claims += [(token, c) for c in _claims_at(token, sent, resolver, published, discourse)]
    claims += _according_to(sent, resolver, published)
    found = tidy(claims)
    found += claims_of_quotation(sent, found, resolver, published, discourse)
    for claim in found:
        discourse.spoke(claim.speaker)
    return found


def _note_statements(sent: Span, resolver: ActorResolver, discourse: Discourse) -> None:
    """Remember who issued a statement ("X released a statement saying ...")."""
    for token in tokens_of(sent):
        if token.lemma_.lower() not in STATEMENT_NOUNS or token.pos_ != "NOUN":
            continue
        issuer = statement_issuer(token)
        if issuer is None and token.dep_ == "pobj" and token.head.lower_ == "in":
            saying = token.head.head  # "X said in a statement"
            issuer = next((c for c in saying.children if c.dep_ == "nsubj"), None)
        author = resolver.resolve(issuer)[0] if issuer is not None else None
        author = author or resolver.resolve(token)[0]  # "the ministry's statement"
        if author is not None:
            discourse.issued(author)


def _according_to(
    sent: Span, resolver: ActorResolver, published: dt.date | None
) -> list[tuple[Token, Claim]]:
    """ "..., according to X": a claim by X of the rest of the sentence."""
    found: list[tuple[Token, Claim]] = []
    for token in tokens_of(sent):
        if token.lower_ != "according" or inside_quote(token, sent):
            continue
        objs = prep_objects(token, "to")
        if not objs:
            continue
        speaker, sure = resolver.resolve(objs[0])
        if speaker is None or is_media(speaker, objs[0], resolver):
            continue
        phrase = {t.i for t in token.subtree}
        words = [t for t in tokens_of(sent) if t.i not in phrase and not t.is_punct]
        content = text_of(words)
        if not content:
            continue
        found_stance = stance(words)
        kind = found_stance.type if found_stance else "state"
        target = None
        if found_stance is not None and found_stance.target is not None:
            target = resolver.resolve(found_stance.target)[0]
        claim = Claim(
            type=kind,
            speaker=speaker,
            target=target if target != speaker else None,
            content=content,
            evidence=evidence(sent, quote_in(sent)),
            date=date_for([sent.root], sent, published),
            confidence=round(0.6 * sure, 2),
            cue="according to",
        )
        found.append((token, claim))
    return found


_CUES = frozenset(
    {
        *lexicon.CLAIM_CUES,
        lexicon.VOW,
        "call",
        "read",
        "decline",
        "regret",
        "continue",
        "defend",
        *lexicon.LABEL_VERBS,
        *lexicon.JUDGING_VERBS,
        *lexicon.EXPRESS_VERBS,
        *(verb for verb, _ in lexicon.PHRASAL_CUES),
    }
)


def _claims_at(
    verb: Token,
    sent: Span,
    resolver: ActorResolver,
    published: dt.date | None,
    discourse: Discourse,
) -> list[Claim]:
    """The claim at a cue verb; one per speaker when the subject is coordinated ("the US
    and China agreed")."""
    claim = _claim_at(verb, sent, resolver, published, discourse)
    if claim is None:
        return []
    claims = _per_target(claim, verb, resolver)
    speaker_tok, passive = _subject(verb)
    if passive:
        agents = prep_objects(verb, "by") or statement_agents(verb)
        speakers = resolver.resolve_all(agents[0]) if agents else []
        if len(speakers) > 1:
            return [replace(c, speaker=s) for c in claims for s in speakers]
        return claims
    if speaker_tok is None:
        return claims
    speakers = resolver.resolve_all(speaker_tok)
    if len(speakers) < 2:
        return claims
    if claim.type == "agree":
        return []  # "Turkey and Libya agreed on a border" is an agreement, not a claim
    # Co-speakers: "France, Germany and Italy welcomed it" is three claims, none of
    # them aimed at another speaker.
    target = claim.target if claim.target not in speakers else None
    return [replace(claim, speaker=speaker, target=target) for speaker in speakers]


def _claim_at(
    verb: Token,
    sent: Span,
    resolver: ActorResolver,
    published: dt.date | None,
    discourse: Discourse,
) -> Claim | None:
    statement = statement_above(verb)
    statement_clause = statement is not None
    if is_negated(verb) or inside_quote(verb, sent):
        return None
    if verb.dep_ in ("amod", "acl", "compound") and not statement_clause:
        return None
    kind = claim_type(verb)
    if kind is None:
        return None
    speaker_tok, passive = _subject(verb)
    if passive:
        target_tok = speaker_tok
        agents = prep_objects(verb, "by") or statement_agents(verb)
        speaker_tok = agents[0] if agents else None
    else:
        target_tok = None
    if speaker_tok is None and statement is not None:
        # "released a statement saying ...", "posted a message blaming Iran for ..."
        speaker_tok = statement_issuer(statement) or statement
    if speaker_tok is None:
        return None
    if speaker_tok.lemma_.lower() in COMMENTATORS or former_official(speaker_tok):
        return None  # "analysts said", "an expert and former official, X, said"
    speaker, sure = speaker_of(speaker_tok, resolver, discourse)
    if (
        speaker is None
        or is_media(speaker, speaker_tok, resolver)
        or resolver.unaffiliated(speaker)
    ):
        return None
    if verb.lemma_.lower() == "report" and unknown_outlet(speaker):
        return None  # "Rudaw reports ...": an outlet no list names is still an outlet
    quote = quote_in(sent)
    complement = child(verb, "ccomp", "xcomp") or _for_clause(verb)
    if kind == "state" and complement is not None:
        kind = refine_statement(complement, speaker, resolver) or kind
    if (
        kind == "state"
        and complement is None
        and quote is None
        and not label_of(verb)
        and not (verb.lemma_.lower() in _ANNOUNCING and child(verb, "dobj") is not None)
        and not holds_view(verb)
    ):
        return None  # "stressed the importance": nothing claimed
    target = resolver.resolve(target_tok)[0] if target_tok is not None else None
    # How sure: a stance the verb says beats one read from the words; a target the
    # sentence names beats one found in earlier sentences.
    certainty = 1.0
    if kind == "state":  # the words may carry the stance the verb does not
        kind, target = stance_of_words(verb, complement, sent, speaker, resolver)
        certainty = 0.75 if kind != "state" else 1.0
    if target is None and kind != "state":  # a plain statement is aimed at no one
        target = target_of(verb, kind, complement, speaker, resolver)
    if kind == "criticize" and target is None and _labels_a_situation(verb):
        kind = "state"  # "called the crisis the worst in the world": no one is blamed
    if target is None and kind in AT_DOERS:
        target = doer_target(verb, target_tok, speaker, resolver, discourse)
        certainty *= 0.9 if target is not None else 1.0
    if target is None and kind in REACTIONS:
        target = reacted_to(speaker, resolver, discourse)
        certainty *= 0.8 if target is not None else 1.0
    if verb.lemma_.lower() == "order" and target is None:
        return None  # "ordered companies to stop supplying": a measure, not a demand on anyone
    asks = kind in ("demand", "appeal") and complement is None
    if asks and target is None and not prep_objects(verb, "for", "on"):
        return None  # "ordered the levy": a measure taken, not a demand made
    content = content_of(verb, complement, quote, resolver)
    if not content and passive and target_tok is not None:
        content = text_of(subtree(target_tok))  # "the increase was criticised by X"
    if not content or content.lower() in WH_WORDS:
        return None  # "what he called profiteering": the outer claim carries it
    confidence = _BASE_CONFIDENCE.get(kind, 0.85) * sure * certainty * (1.0 if target else 0.9)
    return Claim(
        type=kind,
        speaker=speaker,
        target=target if target != speaker else None,
        content=content,
        evidence=evidence(sent, quote),
        date=date_for(verb_chain(verb), sent, published),
        confidence=round(confidence, 2),
        about=resolver.technologies_in(subtree(complement) if complement else sent),
        cue=verb.text,
    )


def _labels_a_situation(verb: Token) -> bool:
    """ "Called the humanitarian crisis the worst": a label on a state of affairs, not on
    an actor or an act anyone did."""
    obj = child(verb, "dobj")
    return label_of(verb) is not None and obj is not None and obj.lemma_.lower() in _SITUATIONS


_SITUATIONS = frozenset(
    """crisis situation condition state level outcome result economy outlook prospect
    development trend climate""".split()
)


def _per_target(claim: Claim, verb: Token, resolver: ActorResolver) -> list[Claim]:
    """One claim per conjoined target: "called on Italy and Egypt to join" is aimed at
    both."""
    if claim.target is None:
        return [claim]
    heads = [c for c in verb.children if c.dep_ in ("dobj", "dative")]
    heads += prep_objects(verb, "on", "to", "with", "against", "at", "from")
    for head in heads:
        actors = resolver.resolve_all(head)
        if claim.target in actors and len(actors) > 1:
            return [replace(claim, target=a) for a in actors if a != claim.speaker]
    return [claim]


def _for_clause(verb: Token) -> Token | None:
    """ "calling for the killers to be brought to justice": the clause "for" introduces."""
    for c in verb.children:
        if c.dep_ == "advcl" and any(g.dep_ == "mark" and g.lower_ == "for" for g in c.children):
            return c
    return None


def _subject(verb: Token) -> tuple[Token | None, bool]:
    """The verb's subject, inherited from the verb above for participles and conjuncts
    ("Turkey is under sanctions, and was condemned by ...": Turkey, passive)."""
    passive = any(c.dep_ == "auxpass" for c in verb.children)
    found, was_passive = _subject_of(verb)
    return found, was_passive or (passive and found is not None)


def _subject_of(verb: Token) -> tuple[Token | None, bool]:
    for _ in range(5):
        # "Niger's president Mahamadou Issoufou said" may parse with two subjects: the name wins
        # "fighters which European nations have refused to take" may parse "which" as a
        # second subject: the nations are the subject
        subjects = sorted(
            (c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")),
            key=lambda c: (c.lower_ in _RELATIVE, c.pos_ != "PROPN"),
        )
        for c in subjects:
            if c.lower_ in _RELATIVE and verb.dep_ == "relcl":
                return verb.head, False
            return c, c.dep_ == "nsubjpass"
        if verb.dep_ == "relcl":
            return verb.head, False
        if verb.dep_ == "pcomp" and verb.head.dep_ == "prep":
            # "was more forceful in blaming Iran", "by accusing Washington of ..."
            verb = verb.head.head
            if verb.dep_ in ("acomp", "attr") and verb.head != verb:
                verb = verb.head
            continue
        if verb.dep_ not in ("xcomp", "advcl", "conj") or verb.head == verb:
            return None, False
        verb = verb.head
    return None, False
