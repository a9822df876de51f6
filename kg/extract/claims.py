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

from kg.extract import event_words, lexicon, measure_words
from kg.extract.actors import ActorResolver
from kg.extract.discourse import STATEMENT_NOUNS, Discourse, statement_issuer
from kg.extract.spans import (
    child,
    date_for,
    evidence,
    inside_quote,
    is_negated,
    prep_objects,
    quote_in,
    quote_tokens,
    subtree,
    text_of,
    tokens_of,
    verb_chain,
)
from kg.extract.stance import Stance, stance
from kg.model import Actor, Claim

_RELATIVE = frozenset({"who", "which", "that"})
# Saying verbs whose noun object is itself what is claimed: "announced a new system".
_ANNOUNCING = frozenset(
    {"announce", "declare", "unveil", "proclaim", "report", "reveal", "claim", "justify"}
)
# "maintains a position that ...": the noun says a view is held.
_VIEW_NOUNS = frozenset({"position", "view", "stance", "line", "belief", "assessment"})
_COMMENTATORS = frozenset(
    "analyst expert economist strategist commentator observer academic scholar".split()
)
_WH_WORDS = frozenset({"what", "which", "whatever", "how", "why"})
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
    found = _tidy(claims)
    found += _quotation(sent, found, resolver, published, discourse)
    for claim in found:
        discourse.spoke(claim.speaker)
    return found


def _quotation(
    sent: Span,
    found: list[Claim],
    resolver: ActorResolver,
    published: dt.date | None,
    discourse: Discourse,
) -> list[Claim]:
    """Claims of the sentences of a quotation that runs over several sentences: those
    after the one that names the speaker, and those before one that names them at the
    end (' "A. B," he said. ')."""
    if _new_paragraph(sent):  # a quotation that goes on opens its paragraph again
        discourse.quote_open, discourse.quoting, discourse.unattributed = False, None, []
    was_open = discourse.quote_open
    more: list[Claim] = []
    if not found and was_open and discourse.quoting is not None:
        more = _quoted_on(sent, was_open, discourse.quoting, resolver, published, discourse)
    speakers = {c.speaker for c in found}
    speaker = next(iter(speakers)) if len(speakers) == 1 else None
    open_now = _open_after(sent, was_open)
    if was_open and discourse.quoting is None and speaker is not None:
        for earlier in discourse.unattributed:  # the speaker is named where it closes
            more += _quoted_on(earlier, True, speaker, resolver, published, discourse)
        discourse.unattributed = []
    if not open_now:
        discourse.quoting, discourse.unattributed = None, []
    elif not was_open:  # it opens here: whoever this sentence quotes, if anyone
        discourse.quoting = speaker
        discourse.unattributed = [] if speaker is not None else [sent]
    elif discourse.quoting is None and not found:
        discourse.unattributed.append(sent)
    discourse.quote_open = open_now
    return more


def _open_after(sent: Span, was_open: bool) -> bool:
    """Whether a quotation is still open at the end of the sentence."""
    open_ = was_open
    for t in tokens_of(sent):
        if t.text in _QUOTE_MARKS:
            open_ = t.text == "“" or (t.text == '"' and not open_)
    return open_


def _quoted_on(
    sent: Span,
    was_open: bool,
    speaker: Actor,
    resolver: ActorResolver,
    published: dt.date | None,
    discourse: Discourse,
) -> list[Claim]:
    """A sentence inside a quotation that an earlier sentence opened and attributed:
    its words are still the speaker's. Only a stance they carry, aimed at someone, makes
    a claim ("... this impulsive decision has undone all the gains", a second sentence of
    a quote)."""
    words, inside = [], was_open
    for t in tokens_of(sent):
        if t.text in _QUOTE_MARKS:
            if inside:
                break
            inside = True
        elif inside and not t.is_punct:
            words.append(t)
    found = stance(words)
    if found is None or len(words) < 4:
        return []
    kind, target = _resolve_stance(found, words, speaker, resolver)
    if kind == "state":
        return []
    if target is None and kind in ("accuse", "criticize"):
        own = {speaker.key, speaker.leader_of, speaker.part_of}
        own.add(resolver.government_of(speaker).key)
        target = _actor_named_in(kind, words, own, resolver)
    if target is None and kind in ("accuse", "criticize", "reject"):
        target = _reacted_to(speaker, resolver, discourse)
    if target is None:
        return []
    return [
        Claim(
            type=kind,
            speaker=speaker,
            target=target if target != speaker else None,
            content=text_of(words),
            evidence=evidence(sent, text_of(words)),
            date=date_for([sent.root], sent, published),
            confidence=0.5 * (1.0 if target else 0.9),
            cue="(quote)",
        )
    ]


_QUOTE_MARKS = frozenset({'"', "“", "”"})


def _new_paragraph(sent: Span) -> bool:
    if sent.start == 0:
        return True
    before, first = sent.doc[sent.start - 1], sent[0]
    return any("\n" in t.text_with_ws for t in (before, first) if t.is_space) or (
        "\n" in before.whitespace_
    )


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


def _speaker(
    token: Token, resolver: ActorResolver, discourse: Discourse
) -> tuple[Actor | None, float]:
    """Who the subject of a saying verb is: an actor, the author of the statement it
    names ("the statement said"), or for "it"/"we" in reported speech the reporter
    ("the ministry said it opposed the move")."""
    if token.lower_ in ("it", "we", "they"):
        reporter = _reporting_subject(token.head)
        if reporter is not None:
            found = resolver.resolve(reporter)
            if found[0] is not None:
                return found
    actor, sure = resolver.resolve(token)
    if actor is None and token.lemma_.lower() in STATEMENT_NOUNS:
        author = discourse.statement_author()
        if author is not None:
            return author, 0.8
    if actor is None and token.lower_ in ("it", "they"):
        body = discourse.last_body()  # "The ministry said ... It added that ..."
        if body is not None:
            return body, 0.7
    return actor, sure


def _reporting_subject(verb: Token) -> Token | None:
    """The subject of the saying verb whose reported clause ``verb`` is (or is joined to)."""
    for _ in range(3):
        if verb.dep_ == "conj":
            verb = verb.head
            continue
        if verb.dep_ == "ccomp" and lexicon.CLAIM_CUES.get(verb.head.lemma_.lower()) == "state":
            return next((c for c in verb.head.children if c.dep_ == "nsubj"), None)
        return None
    return None


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
        if speaker is None or _is_media(speaker, objs[0], resolver):
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
        "continue",
        "defend",
        *lexicon.LABEL_VERBS,
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
        agents = prep_objects(verb, "by") or _statement_agents(verb)
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
    statement = _statement_above(verb)
    statement_clause = statement is not None
    if is_negated(verb) or inside_quote(verb, sent):
        return None
    if verb.dep_ in ("amod", "acl", "compound") and not statement_clause:
        return None
    kind = _claim_type(verb)
    if kind is None:
        return None
    speaker_tok, passive = _subject(verb)
    if passive:
        target_tok = speaker_tok
        agents = prep_objects(verb, "by") or _statement_agents(verb)
        speaker_tok = agents[0] if agents else None
    else:
        target_tok = None
    if speaker_tok is None and statement is not None:
        # "released a statement saying ...", "posted a message blaming Iran for ..."
        speaker_tok = statement_issuer(statement) or statement
    if speaker_tok is None:
        return None
    if speaker_tok.lemma_.lower() in _COMMENTATORS:
        return None  # "analysts said", "an expert and former official, X, said"
    speaker, sure = _speaker(speaker_tok, resolver, discourse)
    if (
        speaker is None
        or _is_media(speaker, speaker_tok, resolver)
        or resolver.unaffiliated(speaker)
    ):
        return None
    if verb.lemma_.lower() == "report" and _unknown_outlet(speaker):
        return None  # "Rudaw reports ...": an outlet no list names is still an outlet
    quote = quote_in(sent)
    complement = child(verb, "ccomp", "xcomp") or _for_clause(verb)
    if kind == "state" and complement is not None:
        kind = _refine_statement(complement, speaker, resolver) or kind
    if (
        kind == "state"
        and complement is None
        and quote is None
        and not _labels(verb)
        and not (verb.lemma_.lower() in _ANNOUNCING and child(verb, "dobj") is not None)
        and not _holds_view(verb)
    ):
        return None  # "stressed the importance": nothing claimed
    target = resolver.resolve(target_tok)[0] if target_tok is not None else None
    # How sure: a stance the verb says beats one read from the words; a target the
    # sentence names beats one found in earlier sentences.
    certainty = 1.0
    if kind == "state":  # the words may carry the stance the verb does not
        kind, target = _stance_of_words(verb, complement, sent, speaker, resolver)
        certainty = 0.75 if kind != "state" else 1.0
    if target is None and kind != "state":  # a plain statement is aimed at no one
        target = _target(verb, kind, complement, speaker, resolver)
    if target is None and kind in _AT_DOERS:
        target = _doer_target(verb, target_tok, speaker, resolver, discourse)
        certainty *= 0.9 if target is not None else 1.0
    if target is None and kind in _REACTIONS:
        target = _reacted_to(speaker, resolver, discourse)
        certainty *= 0.8 if target is not None else 1.0
    if verb.lemma_.lower() == "order" and target is None:
        return None  # "ordered companies to stop supplying": a measure, not a demand on anyone
    asks = kind in ("demand", "appeal") and complement is None
    if asks and target is None and not prep_objects(verb, "for", "on"):
        return None  # "ordered the levy": a measure taken, not a demand made
    content = _content(verb, complement, quote, resolver)
    if not content and passive and target_tok is not None:
        content = text_of(subtree(target_tok))  # "the increase was criticised by X"
    if not content or content.lower() in _WH_WORDS:
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


def _statement_above(verb: Token) -> Token | None:
    """The statement noun a participle belongs to: "a statement saying ...", and "a
    message on Twitter blaming Iran", where the parser hangs the participle on the
    platform."""
    if verb.dep_ == "pcomp" and verb.head.dep_ == "prep":  # "a message on X blaming ..."
        noun = verb.head.head
        return noun if noun.lemma_.lower() in STATEMENT_NOUNS else None
    if verb.dep_ != "acl":
        return None
    noun = verb.head
    if noun.dep_ == "pobj" and noun.head.dep_ == "prep":
        outer = noun.head.head
        if outer.lemma_.lower() in STATEMENT_NOUNS:
            return outer
    return noun if noun.lemma_.lower() in STATEMENT_NOUNS else None


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


def _holds_view(verb: Token) -> bool:
    obj = child(verb, "dobj")
    return obj is not None and obj.lemma_.lower() in _VIEW_NOUNS


def _statement_agents(verb: Token) -> list[Token]:
    """ "was condemned in a joint statement by Egypt, Greece and Cyprus": the authors."""
    for obj in prep_objects(verb, "in"):
        if obj.lemma_.lower() in STATEMENT_NOUNS:
            found = prep_objects(obj, "by")
            if found:
                return found
    return []


def _for_clause(verb: Token) -> Token | None:
    """ "calling for the killers to be brought to justice": the clause "for" introduces."""
    for c in verb.children:
        if c.dep_ == "advcl" and any(g.dep_ == "mark" and g.lower_ == "for" for g in c.children):
            return c
    return None


def _is_media(speaker: Actor, token: Token, resolver: ActorResolver) -> bool:
    """A news outlet reporting: narration, not a claim ("Reuters reported", "the daily
    Kathimerini said")."""
    outlet_word = token.lemma_.lower() in lexicon.MEDIA_NOUNS or token.lower_ in lexicon.MEDIA_NAMES
    if outlet_word and resolver.actor_at(token) is None:
        return True  # "according to state media", "the Cyprus Mail reported": not Cyprus
    if speaker.from_gazetteer and speaker.type != "Organization":
        return False
    if outlet_word:
        return True
    lowered = speaker.name.lower()
    if "press agency" in lowered or "associated press" in lowered or "news agency" in lowered:
        return True
    names = {w.strip(".,") for w in lowered.split()}
    modifiers = {c.lower_ for c in token.children if c.dep_ in ("compound", "amod", "appos")}
    modifiers |= {t.lower_ for t in token.subtree if t.i < token.i}  # "Greek daily X"
    return bool(names & lexicon.MEDIA_NAMES or modifiers & lexicon.MEDIA_MODIFIERS)


def _unknown_outlet(speaker: Actor) -> bool:
    """A body no list knows and whose name says nothing of an institution: when it
    "reports", most likely a news outlet ("Rudaw reports", but "the National Institute
    for Space Research reported")."""
    if speaker.from_gazetteer or (speaker.type == "Person" and " " in speaker.name):
        return False  # the small model often takes a one-word outlet for a person
    words = {w.strip(".,").lower() for w in speaker.name.split()}
    return not words & _INSTITUTION_WORDS


_INSTITUTION_WORDS = frozenset(
    """institute ministry department office police commission council bank court army
    military forces government parliament university center centre bureau service
    authority organization organisation hospital agency""".split()
)


def _labels(verb: Token) -> Token | None:
    """What "called X a Y" / "described X as Y" labels X with: Y's head."""
    label = child(verb, "oprd")
    if label is None and verb.lemma_.lower() in lexicon.LABEL_VERBS:
        for c in verb.children:  # "as a threat", "as extremely hard to deal with"
            if c.dep_ == "prep" and c.lower_ == "as":
                label = next(iter(c.children), None)
    return label


def _stance_of_words(
    verb: Token, complement: Token | None, sent: Span, speaker: Actor, resolver: ActorResolver
) -> tuple[str, Actor | None]:
    """The type and target that the reported words give a statement: its clause, the
    label it gives ("called it blackmail"), else its quote."""
    label = _labels(verb)
    if label is not None:
        words = subtree(label)
    elif complement is not None:
        words = subtree(complement)
    else:
        words = [t for t in quote_tokens(sent) if t.i > verb.i or verb.i - t.i < 40]
    found = stance(words)
    if found is None:
        return "state", None
    kind, target = _resolve_stance(found, words, speaker, resolver)
    if kind == "state" or target is not None:
        return kind, target
    own = {speaker.key, speaker.leader_of, speaker.part_of, resolver.government_of(speaker).key}
    if label is not None:
        obj = child(verb, "dobj")
        owner = resolver.resolve(obj)[0] if obj is not None else None
        if owner is not None and owner.key not in own:
            return kind, owner  # "called Trump's order decisive": Trump
        if obj is not None and kind in ("accuse", "criticize", "demand", "threaten"):
            for actor in resolver.actors_in(subtree(obj)):
                if actor.key not in own:
                    return kind, actor
            return kind, None
    return kind, _actor_named_in(kind, words, own, resolver)


def _actor_named_in(
    kind: str, words: list[Token], own: set[str | None], resolver: ActorResolver
) -> Actor | None:
    """For a hostile stance with no grammatical target: the first other actor its words
    name."""
    if kind not in ("accuse", "criticize", "demand", "threaten"):
        return None
    named = next((a for a in resolver.actors_in(words) if a.key not in own), None)
    if named is not None and kind == "threaten":
        named = resolver.government_of(named)  # a threat is aimed at a state
    return named if named is None or named.key not in own else None


def _resolve_stance(
    found: Stance, words: list[Token], speaker: Actor, resolver: ActorResolver
) -> tuple[str, Actor | None]:
    """The claim type and target of a stance read from ``words`` said by ``speaker``:
    a wrong of the speaker's own side is no accusation, regret over it no criticism."""
    own = {speaker.key, speaker.leader_of, speaker.part_of, resolver.government_of(speaker).key}
    if found.doer is not None:  # a concession is made by the speaker's side, or by no one
        doer = resolver.resolve(found.doer)[0]
        if doer is None or resolver.government_of(doer).key not in own:
            return "state", None
    target = None
    if found.target is not None:
        actor = resolver.resolve(found.target)[0]
        if (
            actor is not None
            and resolver.government_of(actor).key in own
            and found.type == "accuse"
        ):
            return "state", None  # a wrong one's own side did is no accusation
        if actor is not None and actor.key not in own:
            target = actor
    feels = any(t.lemma_.lower() in lexicon.EXPERIENCED for t in words)  # "was disappointed"
    if found.type == "criticize" and not feels and _own_side_speaks(words, own, resolver):
        return "state", None  # "Iran deeply regrets this disastrous mistake": regret
    if target is None and found.target is not None and found.target.pos_ == "NOUN":
        # "said the tariffs violated WTO rules": whoever imposed the tariffs
        doer = resolver.doer_of(found.target, own)
        target = doer if doer is not None and doer.key not in own else None
    return found.type, target


# Claims about an act are aimed at whoever did it: "condemned the operation".
_AT_DOERS = frozenset({"criticize", "reject", "accuse", "praise", "deny"})
_GENERIC_ACTS = frozenset({"move", "decision", "measure", "step", "action", "policy", "act"})


# Stances that react to someone's measure: with no target in the sentence, they are
# aimed at whoever took the last measure the article reported (not the speaker's side).
_REACTIONS = frozenset({"criticize", "accuse", "reject", "threaten"})


def _reacted_to(speaker: Actor, resolver: ActorResolver, discourse: Discourse) -> Actor | None:
    side = resolver.government_of(speaker)
    own = {k for k in (speaker.key, side.key, speaker.part_of, speaker.leader_of) if k}
    return discourse.last_doer(own)


def _demonym_on(noun: Token, resolver: ActorResolver) -> Actor | None:
    return resolver.demonym_on(noun)


def children_of(verb: Token, dep: str) -> list[Token]:
    return [c for c in verb.children if c.dep_ == dep]


def _doer_target(
    verb: Token,
    thing: Token | None,
    speaker: Actor,
    resolver: ActorResolver,
    discourse: Discourse,
) -> Actor | None:
    """The doer of the act a claim is about: its object ("denounced the agreement"), or
    its passive subject ("the operation was condemned by ..."), or what it labels."""
    noun = thing if thing is not None else child(verb, "dobj")
    if noun is None:
        objs = prep_objects(verb, "against", "at", "of", "over", "on")
        noun = objs[0] if objs else None
    if noun is not None and noun.lower_ in ("it", "this", "them") and verb.dep_ == "advcl":
        # "commented on the deal, calling it illegal": "it" is what the main verb names
        objs = [*children_of(verb.head, "dobj"), *prep_objects(verb.head, "on", "about", "over")]
        noun = objs[0] if objs else noun
    if noun is None or noun.pos_ not in ("NOUN", "PRON"):
        return None
    own = {k for k in (speaker.key, speaker.leader_of, speaker.part_of) if k}
    doer = resolver.doer_of(noun, own) if noun.pos_ == "NOUN" else None
    if doer is None and noun.pos_ == "NOUN":
        doer = _demonym_on(noun, resolver)  # "the Turkish-Libyan deal"
    if doer is None and noun.lemma_.lower() in _GENERIC_ACTS:
        doer = discourse.last_doer(own)
    return doer if doer is not None and doer.key not in own else None


def _own_side_speaks(words: list[Token], own: set[str | None], resolver: ActorResolver) -> bool:
    """Whether the reported clause's subject is the speaker's own side."""
    subject = next((t for t in words if t.dep_ in ("nsubj", "nsubjpass")), None)
    actor = resolver.resolve(subject)[0] if subject is not None else None
    return actor is not None and resolver.government_of(actor).key in own


def _claim_type(verb: Token) -> str | None:
    lemma = verb.lemma_.lower()
    preps = {c.lower_ for c in verb.children if c.dep_ == "prep"}
    preps |= {  # "calling for the killers to be brought to justice": "for" marks a clause
        g.lower_
        for c in verb.children
        if c.dep_ in ("advcl", "ccomp", "xcomp")
        for g in c.children
        if g.dep_ == "mark" and g.lower_ == "for"
    }
    if lemma == "call":
        label = child(verb, "oprd")
        if "on" in preps or ("for" in preps and label is None and not child(verb, "dobj")):
            return "demand"
        label = child(verb, "oprd")
        if label is not None:  # "called the move a betrayal" / "called the talks a success"
            words = {t.lemma_.lower() for t in label.subtree}
            if words & lexicon.NEGATIVE:
                return "criticize"
            return "praise" if words & lexicon.POSITIVE else "state"
        return None
    particles = preps | {c.lower_ for c in verb.children if c.dep_ in ("prt", "dobj")}
    for (phrasal, particle), kind in lexicon.PHRASAL_CUES.items():
        if lemma == phrasal and particle in particles:
            return kind
    if lemma in lexicon.LABEL_VERBS:
        label = _labels(verb)
        if label is None:
            return None
        words = {t.lemma_.lower() for t in label.subtree}
        if words & (lexicon.NEGATIVE | lexicon.CRITICAL_WORDS):
            return "criticize"
        if words & lexicon.POSITIVE:
            return "praise"
        # "described Xi as very tough": a characterisation, which news uses to criticise
        return "criticize" if lemma in ("describe", "characterize", "characterise") else "state"
    if lemma in lexicon.EXPRESS_VERBS:
        obj = child(verb, "dobj")
        return lexicon.EXPRESSED.get(obj.lemma_.lower()) if obj is not None else None
    if lemma == "agree" and any(
        c.dep_ == "xcomp" and c.lemma_.lower() in event_words.EVENT_VERBS for c in verb.children
    ):
        return None  # "agreed to meet": an event to come, not a stance
    if lemma == "read":
        subject = child(verb, "nsubj")
        return (
            "state" if subject is not None and subject.lemma_.lower() in STATEMENT_NOUNS else None
        )
    if lemma in ("continue", "defend"):
        # "he continued, '...'", "defended his decision, '...'": saying only with a quote
        # ("prices continued to rise" goes on; "defended the border" is a deed)
        clause = child(verb, "ccomp")
        if child(verb, "xcomp") is not None or not quote_in(verb.sent):
            return None
        return None if clause is not None and not inside_quote(clause) else "state"
    if lemma == "decline":  # "declined the request"; "declined to comment" is nothing
        obj = child(verb, "dobj")
        stance_object = obj is not None and obj.lemma_.lower() in lexicon.STANCE_OBJECTS
        return "reject" if stance_object else None
    if lemma in ("support", "accept"):
        obj = child(verb, "dobj")
        if obj is None or obj.lemma_.lower() not in lexicon.STANCE_OBJECTS:
            return None  # "supported the rebels", "accepted responsibility": deeds
    if lemma in lexicon.PHRASAL_VERBS_ONLY:
        return None
    if lemma == lexicon.VOW:
        words = {t.lemma_.lower() for t in verb.subtree}
        return "threaten" if words & lexicon.PUNITIVE else "agree"
    if lemma == "ask" and child(verb, "ccomp") and not child(verb, "dobj", "dative"):
        return None  # "asked whether ..." is a question, not an appeal
    return lexicon.CLAIM_CUES.get(lemma)


def _subject(verb: Token) -> tuple[Token | None, bool]:
    """The verb's subject, inherited from the verb above for participles and conjuncts
    ("Turkey is under sanctions, and was condemned by ...": Turkey, passive)."""
    passive = any(c.dep_ == "auxpass" for c in verb.children)
    found, was_passive = _subject_of(verb)
    return found, was_passive or (passive and found is not None)


def _subject_of(verb: Token) -> tuple[Token | None, bool]:
    for _ in range(5):
        # "Niger's president Mahamadou Issoufou said" may parse with two subjects: the name wins
        subjects = sorted(
            (c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")),
            key=lambda c: c.pos_ != "PROPN",
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


def _refine_statement(clause: Token, speaker: Actor, resolver: ActorResolver) -> str | None:
    """A statement whose clause alleges wrongdoing accuses; one that vows punishment threatens."""
    lemma = clause.lemma_.lower()
    subject = child(clause, "nsubj", "nsubjpass")
    who = resolver.resolve(subject)[0] if subject is not None else None
    if lemma in lexicon.WRONGDOING and who is not None and who != speaker:
        return "accuse"
    words = {t.lemma_.lower() for t in clause.subtree}
    modal = any(c.dep_ == "aux" and c.lower_ in ("will", "would") for c in clause.children)
    easing = lemma in measure_words.ACTION_STATUS  # "would suspend its countermeasures" eases
    # "would impose tariffs from May 1" announces a measure; "would retaliate", or tariffs
    # "if Ottawa does not back down", hold one out
    conditional = any(t.lower_ in ("if", "unless") and t.dep_ == "mark" for t in clause.subtree)
    punitive = words & lexicon.PUNITIVE
    held_out = conditional or bool(punitive - lexicon.RAISE_VERBS - lexicon.MEASURE_NOUNS)
    if modal and not easing and punitive and held_out and (who is None or who == speaker):
        return "threaten"
    return None


def _target(
    verb: Token, kind: str, complement: Token | None, speaker: Actor, resolver: ActorResolver
) -> Actor | None:
    """The actor a claim is aimed at: its object, a prepositional object, or the subject
    or first actor of its clause, by claim type."""
    candidates: list[Token] = []
    obj = child(verb, "dobj", "dative")
    if kind not in ("state", "agree", "deny") and obj is not None:
        if verb.lemma_.lower() in lexicon.EXPRESS_VERBS:  # "made threats against X"
            candidates += prep_objects(obj, "against", "to", "with", "on", "at", "over")
        else:
            candidates.append(obj)
    preps = {
        "demand": ("on", "for", "from"),
        "appeal": ("to", "from"),
        "agree": ("with",),
        "warn": ("against", "of"),
        "state": ("to",),
        "threaten": ("with", "against", "on"),
        "criticize": ("at", "against"),  # "hit back at Washington", "railed against X"
        "reject": ("from",),
    }.get(kind, ())
    candidates += prep_objects(verb, *preps)
    if kind in ("appeal", "demand") and verb.dep_ == "advcl":
        candidates += prep_objects(verb.head, "to")  # "wrote to the embassy asking it to ..."
    if kind in ("state", "deny", "agree") and obj is not None:
        candidates.append(obj)
    if complement is not None and kind != "warn":  # "warned that the economy would suffer"
        subject = child(complement, "nsubj", "nsubjpass")
        if subject is not None:
            candidates.append(subject)
    own = {speaker.key, speaker.leader_of, speaker.part_of}
    for token in candidates:
        actor = resolver.resolve(token)[0]
        if actor is None and kind in ("demand", "appeal"):
            # "demanded an explanation from Russia", "asked for an apology from X"
            froms = prep_objects(token, "from")
            actor = resolver.resolve(froms[0])[0] if froms else None
        if actor is None and kind in ("accuse", "criticize", "reject"):
            # "alleged Iranian involvement", "condemned Russian aggression"
            actor = _demonym_on(token, resolver)
        if actor is not None and actor.key not in own:
            return actor
    if kind in ("threaten", "warn"):
        for clause in [verb, *([complement] if complement is not None else [])]:
            for c in clause.children:  # "warned of countermeasures if Washington went ahead"
                if c.dep_ == "advcl" and any(g.lower_ in ("if", "unless") for g in c.children):
                    subject = child(c, "nsubj")
                    actor = resolver.resolve(subject)[0] if subject is not None else None
                    if actor is not None and actor.key not in own:
                        return actor
    if complement is not None and kind in ("threaten", "agree"):
        for actor in resolver.actors_in(subtree(complement)):
            if actor.key not in own:
                # a threat named in passing is aimed at a state ("respond to any increase")
                return resolver.government_of(actor) if kind == "threaten" else actor
        for token in subtree(complement):
            actor = resolver.demonym(token)
            if actor is not None and actor.key not in own:
                return actor
    return None


def _content(
    verb: Token, complement: Token | None, quote: str | None, resolver: ActorResolver
) -> str:
    """What is claimed: the quote, the "of/for/that" phrase, the clause, or the object."""
    for prep in ("of", "for", "over", "about", "as", "against", "at"):
        objs = prep_objects(verb, prep)
        if objs:
            return text_of(subtree(objs[0]))
    label = _labels(verb)
    labelled = child(verb, "dobj")
    if label is not None and not (labelled is not None and labelled.lower_ in _WH_WORDS):
        return text_of(subtree(label))  # "calling it 'null and void'": the label is claimed
    if quote and (complement is None or inside_quote(complement, complement.sent)):
        return quote
    if complement is not None:
        return text_of(subtree(complement))
    obj = child(verb, "dobj", "oprd")
    if obj is not None:
        return text_of(subtree(obj))
    for obj in prep_objects(verb, "on", "about", "to", "with"):
        if resolver.actor_at(obj) is None and obj.ent_type_ not in ("DATE", "TIME"):
            # "agreed on a framework", not "agreed with X" nor "on Monday"
            return text_of(subtree(obj))
    return quote or ""


def _reported_by_own_side(verb: Token, claim: Claim, found: list[tuple[Token, Claim]]) -> bool:
    """A stance inside someone's reported clause, by that someone's own side, is part of
    their claim: it takes its type and target, and is not a claim of its own."""
    for outer_verb, outer in found:
        if outer is claim or not _reports(outer_verb, verb) or outer.type != "state":
            continue
        sides = {outer.speaker.key, outer.speaker.part_of, outer.speaker.leader_of}
        if claim.speaker.key in sides or claim.speaker.part_of in sides - {None}:
            outer.type, outer.target = claim.type, claim.target
            return True
    return False


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


def _tidy(found: list[tuple[Token, Claim]]) -> list[Claim]:
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
        if _reported_by_own_side(verb, claim, found):
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
    'ridiculous'" is one criticism, however many words it takes."""
    seen: set[tuple[int, str, str, str | None]] = set()
    kept = []
    for verb, claim in found:
        key = (verb.i, claim.speaker.key, claim.type, claim.target.key if claim.target else None)
        if key not in seen:
            seen.add(key)
            kept.append(claim)
    return kept
