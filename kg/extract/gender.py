"""Which people "he" and "she" can refer to: grammatical gender from titles, kinship
words and common first names. Unknown stays unknown, and fits either pronoun.

>>> person_gender("Angela Merkel", ())
'f'
>>> person_gender("Jamal Khashoggi", ("fiancée",))
'f'
>>> person_gender("Lin Jian", ()) is None
True
"""

from __future__ import annotations

from collections.abc import Iterable

__all__ = ["person_gender", "pronoun_gender"]

_FEMALE_WORDS = frozenset(
    """mrs ms miss madam madame lady dame queen princess empress duchess fiancée fiancee wife
    widow mother daughter sister grandmother aunt niece woman businesswoman chairwoman
    spokeswoman congresswoman councilwoman stateswoman sportswoman girlfriend actress
    baroness countess""".split()
)
_MALE_WORDS = frozenset(
    """mr sir lord king prince emperor duke fiancé fiance husband widower father son brother
    grandfather uncle nephew man businessman chairman spokesman congressman councilman
    statesman sportsman boyfriend actor baron""".split()
)
# First names (and whole names, where the family name comes first) common in
# international news. World knowledge, not any article's: extend freely.
_FEMALE_NAMES = frozenset(
    """agnès agnes alice amy andrea angela ann anna anne annalena ana antje barbara beata
    benedetta brigitte carmen carla caroline catherine charlotte christine christiane
    chrystia claudia cristina dana daniela diana dilma dina dominique elena eleni elisabeth
    elizabeth elsa emily emma erna eva evelyn federica francesca gabriela gina giorgia
    gloria grace hanna hannah helen helena hillary ilhan ingrid irene isabel
    jacinda jane janet jean jennifer jill joan josefina judith julia julie karen karin
    karine kamala kaja katalin katherine kathleen katrin kay kelly kersti kristalina kristi
    kristin laura leila liz lizz lucy magdalena margaret margrethe maria marie marine mariya
    marta martha mary maxine megan melania melanie mette michelle mia mira mona nancy
    natalia nicola nikki nora olena olga pamela patricia paula penny rachel rebecca roberta
    rosa ruth sahra samantha sanna sara sarah sophie susan suzanne svetlana
    sylvie tamara theresa tulsi ursula valentina valérie valerie vera victoria
    viktoria virginia wendy yulia yuliia zuzana""".split()
) | frozenset({"mao ning", "hua chunying", "tsai ing-wen", "sheikh hasina", "aung san suu kyi"})
_MALE_NAMES = frozenset(
    """abdel abdul abdullah abe adam adil ahmed ajay alain alan alberto aleksandar alex
    alexander alexei alexis ali andrew andrés andrzej anthony antony antonio ashraf
    avigdor bashar benjamin bernie bill binyamin bob boris brett brian bruno carlos charles
    chris christopher cyril dan daniel david dmitry dominic donald doug edward egils
    emmanuel enrique erdogan erdoğan fumio gabriel george gerhard giuseppe gordon hakan
    hamid hassan howard igor ilham imran ivan jack jair james jamal javier jean-yves
    jeff jens jeremy jim joe johann john jonathan jorge josé joseph josep justin karl keir
    kevin kyriakos lars lindsey lloyd luiz lula luis mahmoud marco mark mario
    martin matteo matthew maroš mateusz michael michel mike mikhail mohammad mohammed
    muhammad muhammadu narendra nicolás nicolas nikos olaf oleksandr omar paul pedro peter
    petro pierre qasem rafael ram recep richard rishi robert rodrigo roberto rex
    roman ron rui sameh scott sebastián sergei sergey shinzo stefano steffen stephen steve
    steven tayyip ted thomas tim tony viktor vladimir volodymyr william xavier
    yahya yair yoshihide""".split()
) | frozenset({"lin jian", "zhao lijian", "wang wenbin", "guo jiakun", "wang yi", "xi jinping"})


def person_gender(name: str, context: Iterable[str]) -> str | None:
    """'f', 'm' or None for a person called ``name``, described by the words ``context``
    (their title, appositive and the like)."""
    words = {w.lower().strip(".,") for w in context}
    if words & _FEMALE_WORDS:
        return "f"
    if words & _MALE_WORDS:
        return "m"
    lowered = name.lower()
    if lowered in _FEMALE_NAMES:
        return "f"
    if lowered in _MALE_NAMES:
        return "m"
    first = lowered.split()[0] if lowered.split() else ""
    if first in _FEMALE_NAMES:
        return "f"
    if first in _MALE_NAMES:
        return "m"
    return None


def pronoun_gender(pronoun: str) -> str | None:
    return {"he": "m", "him": "m", "his": "m", "she": "f", "her": "f", "hers": "f"}.get(
        pronoun.lower()
    )
