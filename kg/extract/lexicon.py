"""Cue words: which verbs signal which claim type, measure, status or event.

Kept apart from the parsing code so that linguists can read and extend them.
All entries are lemmas (lower case).
"""

from __future__ import annotations

CLAIM_CUES: dict[str, str] = {}
for _type, _lemmas in {
    "accuse": "accuse blame allege fault implicate",
    "criticize": "condemn denounce criticize criticise slam blast decry lambaste lambast rebuke "
    "castigate deplore berate chide scold assail disparage ridicule mock protest attack",
    "deny": "deny refute",
    "reject": "reject dismiss refuse rebuff oppose spurn repudiate veto",
    "threaten": "threaten",
    "warn": "warn caution",
    "demand": "demand urge press order encourage recommend advise exhort implore",
    "appeal": "ask request appeal seek plead invite",
    "praise": "praise welcome hail thank commend applaud laud endorse congratulate support "
    "credit appreciate second salute",
    "agree": "agree pledge promise commit accept consent",
    "state": "say state announce tell add note claim insist argue write post declare stress "
    "emphasize emphasise explain confirm maintain acknowledge suggest predict reiterate assert "
    "contend remark comment reply respond signal indicate tweet cite underline underscore "
    "highlight conclude deem believe report reveal disclose inform justify speak",
}.items():
    for _lemma in _lemmas.split():
        CLAIM_CUES[_lemma] = _type

# What one rejects rather than condemns: "opposed the proposal" rejects it, while
# "opposed the withdrawal" criticises an act.
PROPOSAL_NOUNS = frozenset(
    """proposal demand request call plan suggestion offer idea bid initiative motion
    accusation allegation claim""".split()
)

# "vow" threatens when what is vowed is punitive, else it commits.
VOW = "vow"
PUNITIVE = frozenset(
    [
        "retaliate",
        "retaliation",
        "countermeasure",
        "countermeasures",
        "respond",
        "hit",
        "impose",
        "punish",
        "sanction",
        "fight",
        "escalate",
        "target",
        "destroy",
        "obliterate",
        "punishment",
        "revenge",
        "retribution",
        "reprisal",
        "countermeasure",
    ]
)
# Words that make "called X a Y" praise or criticism; neither makes it a statement.
POSITIVE = frozenset(
    """success successful great tremendous excellent good historic win wonderful productive
    constructive fantastic positive friend partner breakthrough milestone timely important
    welcome strong fair balanced landmark significant useful encouraging decisive justified
    courageous""".split()
)
NEGATIVE = frozenset(
    """unjustified unjust unfair outrageous assault betrayal capitulation disaster bully
    bullying unacceptable illegal discriminatory hostile protectionist absurd reckless
    ridiculous dangerous terrible bad wrong abuse blackmail coercion coercive attack
    hypocritical unilateral malicious irresponsible provocative provocation mistake
    profiteer profiteering threat cheat cheating theft aggression aggressive shameful
    blow insult violation terrorist terrorists extremist extremists criminal criminals
    void""".split()
)
# "spoke out against X", "hit out at X": a verb and its particle and preposition.
PHRASAL_CUES: dict[tuple[str, str], str] = {
    ("speak", "against"): "criticize",
    ("hit", "at"): "criticize",
    ("lash", "at"): "criticize",
    ("rail", "against"): "criticize",
    ("take", "aim"): "criticize",
    ("push", "back"): "reject",
    ("hit", "back"): "criticize",
}
# Verbs that are cues only in the phrases above.
PHRASAL_VERBS_ONLY = frozenset(verb for verb, _ in PHRASAL_CUES if verb not in CLAIM_CUES)
# "expressed concern over X", "voiced support for X": the noun gives the stance.
EXPRESS_VERBS = frozenset(
    {"express", "voice", "convey", "register", "extend", "offer", "make", "issue", "lodge",
     "file", "deliver", "send", "level"}
)  # fmt: skip
EXPRESSED: dict[str, str] = {
    "concern": "criticize",
    "alarm": "criticize",
    "outrage": "criticize",
    "anger": "criticize",
    "dismay": "criticize",
    "displeasure": "criticize",
    "indignation": "criticize",
    "opposition": "reject",
    "objection": "reject",
    "protest": "criticize",
    "representation": "criticize",  # "lodged stern representations with X"
    "demarche": "criticize",
    "disappointment": "criticize",
    "regret": "state",
    "support": "praise",
    "gratitude": "praise",
    "appreciation": "praise",
    "solidarity": "praise",
    "condolence": "praise",
    "condolences": "praise",
    "thanks": "praise",
    "congratulations": "praise",
    "hope": "state",
    "willingness": "agree",
    "readiness": "agree",
    "threat": "threaten",
    "threats": "threaten",
    "warning": "warn",
    "complaint": "criticize",
    "accusation": "accuse",
    "accusations": "accuse",
    "allegation": "accuse",
    "allegations": "accuse",
    "charge": "accuse",
    "charges": "accuse",
    "appeal": "appeal",
    "request": "appeal",
    "demand": "demand",
    "demands": "demand",
    "ultimatum": "threaten",
}
# News outlets report; what they report is the journalist's narration, not a claim.
MEDIA_NAMES = frozenset(
    """reuters afp bloomberg xinhua tass ria interfax yonhap irna isna fars tasnim bbc cnn
    nbc cbs pbs npr ap dpa kyodo nikkei aljazeera jazeera anadolu times post journal
    tribune guardian telegraph gazette herald mail news daily""".split()
)
MEDIA_MODIFIERS = frozenset({"newspaper", "daily", "broadcaster", "outlet", "tabloid", "news"})
MEDIA_NOUNS = frozenset({"media", "newspaper", "daily", "broadcaster", "outlet", "tabloid"})
# What one can support or accept as a stance, not a deed ("supported the rebels").
STANCE_OBJECTS = frozenset(
    """proposal plan decision move call initiative resolution bid effort efforts idea deal
    agreement position measure measures step project candidacy policy ceasefire truce offer
    invitation terms demand request condition conditions framework approach statement
    declaration recommendation suggestion compromise""".split()
)
LABEL_VERBS = frozenset({"describe", "characterize", "characterise", "name", "label", "brand"})
# Verbs that judge only with an object and what it is judged ("deemed the tariffs
# illegal", "found the strike justified"); alone ("found evidence") they claim nothing.
JUDGING_VERBS = frozenset({"deem", "find", "consider"})
# --- stance from the reported words themselves (kg.extract.stance) -----------------------

# Evaluations that make a statement criticism. Deeds ("attack", "aggression") are not
# here: they accuse when someone did them (WRONGDOING_NOUNS), and are plain news otherwise.
CRITICAL_WORDS = frozenset(
    """unjustified unjust unfair unreasonable outrageous unacceptable illegal illegitimate
    unlawful discriminatory absurd reckless ridiculous irresponsible provocative hypocritical
    hypocrisy shameful disgraceful deplorable regrettable lamentable farce bullying bully
    blackmail coercion coercive hegemony hegemonic propaganda stunt calamity disaster
    disastrous catastrophic shameless sad disappointing disappointment outrage colonialist
    maniac puppet foolhardy impulsive chaos chaotic smear slander nonsense preposterous
    counterproductive destabilizing destabilising hostile protectionist malicious baseless
    arrogant arrogance brutal barbaric barbarism cowardly heinous despicable appalling
    alarming worrying troubling concern concerned dangerous inhumane cruel unprecedented
    erroneous wrong misguided flawed betrayal capitulation insult humiliation void
    discrimination extortion racketeering piracy thuggery lawless rogue criminal destructive
    disappoint disappointed unwarranted excessive hysteria hysterical paranoid slanderous
    distortion irrational indefensible intimidation harassment fake egregious unreliable
    irresponsibly outrageously unjustifiably dark submission witch-hunt maneuver manoeuvre
    ploy gimmick charade sham posturing theatrics""".split()
)
NEGATIVE_PHRASES = (
    "null and void",
    "out of place",
    "double standard",
    "cold war mentality",
    "stab in the back",
)
# Nouns for acts, whose doer a claim about them is aimed at ("condemned the decision").
# With the verb each comes from, to find the doer in an earlier sentence.
ACT_NOUNS: dict[str, str] = {
    "decision": "decide",
    "proposal": "propose",
    "move": "move",
    "call": "call",
    "deal": "deal",
    "agreement": "agree",
    "accord": "agree",
    "treaty": "sign",
    "memorandum": "sign",
    "offer": "offer",
    "plan": "plan",
    "initiative": "launch",
    "step": "take",
    "announcement": "announce",
    "measure": "impose",
    "statement": "state",
    "remark": "remark",
    "comment": "comment",
    "policy": "adopt",
    "order": "order",
    "ban": "ban",
    "tariff": "impose",
    "sanction": "impose",
    "restriction": "impose",
    "control": "impose",
    "attack": "attack",
    "strike": "strike",
    "airstrike": "strike",
    "bombing": "bomb",
    "raid": "raid",
    "shelling": "shell",
    "murder": "murder",
    "operation": "launch",
    "offensive": "launch",
    "invasion": "invade",
    "incursion": "launch",
    "withdrawal": "withdraw",
    "deployment": "deploy",
    "test": "test",
    "launch": "launch",
    "visit": "visit",
    "admission": "admit",
    "confession": "confess",
    "accusation": "accuse",
    "allegation": "allege",
    "claim": "claim",
    "threat": "threaten",
    "demand": "demand",
    "request": "request",
    "action": "take",
    "advert": "run",
    "advertisement": "run",
    "ad": "run",
    "campaign": "launch",
    "resolution": "pass",
    "vote": "vote",
    "law": "pass",
    "bill": "pass",
    "killing": "kill",
    "assassination": "kill",
    "arrest": "arrest",
    "detention": "detain",
    "expulsion": "expel",
    "suspension": "suspend",
    "recommendation": "recommend",
}
# Deeds whose subject "the attack", "the move" can point back to.
DEED_VERBS = frozenset(
    """attack strike kill launch invade bomb shoot seize detain arrest expel deploy
    withdraw test fire sink board raid annex occupy invoke nationalise nationalize
    expropriate freeze confiscate""".split()
)
# Good words whose negation criticises: "not the right way", "not constructive".
NEGATABLE = frozenset(
    """right correct helpful constructive fair acceptable appropriate conducive wise
    justified reasonable legitimate legal responsible""".split()
)
THREAT_PHRASES = (
    "all necessary measure",
    "all measure necessary",
    "all action necessary",
    "all necessary action",
    "all necessary step",
    "necessary countermeasure",
    "not sit idly",
    "not stand idly",
    "reserve the right to",
    "pay a price",
    "pay the price",
    "bear the consequence",
    "fight back",
    "fight to the end",
    "hit back",
    "legal action",
    "legal remedies",
    "legal remedy",
    "take legal",
    "all options",
)
REFUSAL_VERBS = frozenset("accept tolerate allow recognize recognise bow yield submit".split())
PRESSING_VERBS = frozenset("press push pressure lean".split())
# Feelings: "X was disappointed" names who feels, not whom it is aimed at.
EXPERIENCED = frozenset(
    """disappoint disappointed concerned concern worried alarmed troubled dismayed
    frustrated saddened outraged angry upset""".split()
)
# Verbs that announce a measure; with "will"/"would" and a measure as object, a threat.
RAISE_VERBS = frozenset(
    "impose raise hike increase slap levy introduce expand extend reimpose double".split()
)
MEASURE_NOUNS = frozenset(
    """tariff tariffs duty duties levy levies sanction sanctions control controls ban bans
    restriction restrictions curb curbs countermeasure countermeasures""".split()
)
# Acts that accuse their doer ("X's aggression", "this is a violation of ...").
WRONGDOING_NOUNS = frozenset(
    """violation breach aggression interference meddling provocation crime atrocity genocide
    massacre terrorism occupation invasion repression oppression persecution manipulation
    dumping theft espionage sabotage coercion blackmail lie lies cover-up cyberattack
    hacking infringement smuggling bribery corruption fraud doing fault handiwork""".split()
)
# Violence one is said to have ordered or carried out: whose possessor is its victim
# ("Khashoggi's killing"), so only the doer of the verb is accused.
VIOLENT_ACTS = frozenset(
    "killing murder assassination attack attacks bombing massacre strike strikes".split()
)
# Acts whose possessor is the one they are done to: "Khashoggi's killing".
DONE_TO = frozenset("killing murder assassination death poisoning arrest detention".split())
# One violent deed goes by many words: "the US killing of X in an airstrike ... the
# strike ... the attack" all name it, as nouns or verbs.
VIOLENT_DEED_WORDS = frozenset(
    """attack strike airstrike killing kill murder assassination assassinate bombing bomb
    raid shelling shell""".split()
)
PERPETRATE_VERBS = frozenset("order commit carry perpetrate plan orchestrate mastermind".split())
# What a deed can go against: "goes against international law", "runs counter to the
# resolution".
RULE_WORDS = frozenset(
    """law laws rule rules resolution resolutions charter convention treaty norm norms
    principle principles agreement commitments obligations sovereignty""".split()
)
# Verbs that ease a measure: said of one's own measures with "will", a commitment.
EASE_VERBS = frozenset(
    "cut lower reduce remove eliminate scrap lift suspend ease drop waive halve".split()
)
RESPONSIBLE_PHRASES = ("be responsible for", "be behind", "be to blame", "bear responsibility")
DENIAL_WORDS = frozenset(
    """groundless baseless unfounded fabricated fabrication slanderous untrue falsehood
    disinformation misinformation""".split()
)
DENIAL_PHRASES = ("no evidence", "nothing to do with", "not true", "no truth", "no basis")
THREAT_NOUNS = frozenset(
    """retaliation countermeasure countermeasures punishment revenge retribution reprisal
    reprisals""".split()
)
# Consequences a speaker holds out: "will retaliate", "countermeasures".
WARNING_WORDS = frozenset({"consequence", "consequences", "repercussion", "repercussions"})
PRAISE_VERBS = frozenset(
    """welcome appreciate thank praise commend applaud congratulate salute hail laud
    celebrate""".split()
)
PRAISE_WORDS = frozenset(
    """stellar grateful gratitude appreciation commendable exemplary heroic brilliant
    excellent tremendous fantastic wonderful successful historic breakthrough landmark
    constructive productive fruitful""".split()
)

# Said-that clauses whose verb alleges wrongdoing make the saying an accusation.
WRONGDOING = frozenset(
    [
        "violate",
        "breach",
        "undermine",
        "bully",
        "cheat",
        "steal",
        "coerce",
        "abuse",
        "weaponize",
        "weaponise",
        "dump",
        "manipulate",
        "interfere",
        "sabotage",
        "exploit",
        "betray",
        "renege",
        "flout",
        "infringe",
        "discriminate",
        "mislead",
        "lie",
        "distort",
        "smear",
        "provoke",
        "destabilize",
        "destabilise",
        "spy",
        "hack",
        "rip",
        "blackmail",
        "harm",
        "damage",
        "overreach",
        "threaten",
    ]
)
