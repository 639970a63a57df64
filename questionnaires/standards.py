"""The standards a question's sources point at: treaty articles and FATF Recommendations, with their titles.

Contract: :func:`unit_of` reads one :class:`~questionnaires.model.Source` as the unit it belongs to (a treaty
article, ``UNTOC art. 6``; a FATF Recommendation, ``R.3``, or a range the questionnaire cites as one, ``R.10–23``)
and the point inside it (a treaty paragraph such as ``6(1)``; a FATF criterion such as ``3.1``, or for a
requirement without a criterion number its Recommendation or Interpretive Note paragraph). Sources of other
kinds (model laws, guides, the FATF Glossary without a criterion) belong to no unit and give ``None``.

The titles below are the project's own short words for each article, Recommendation and criterion; they quote
no treaty, Recommendation or Methodology text. ``FATF_CRITERIA`` gives the Methodology text each criterion
belongs to: ``"2013"`` for the February 2013 Methodology (fourth-round mutual evaluations), the year of a later
amendment otherwise (the October 2023 asset-recovery revision: ``"2023"``). Nothing here imports Flask or
SQLAlchemy.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from questionnaires.model import Source

#: instruments whose provisions are standards units, in the order they are listed
INSTRUMENTS = ("UNTOC", "TIPP", "SOMP", "UNCAC", "ACTIP", "FATF")
#: what a page calls each instrument
INSTRUMENT_NAMES = {
    "UNTOC": "UN Convention against Transnational Organized Crime (UNTOC)",
    "TIPP": "Trafficking in Persons Protocol (TIPP)",
    "SOMP": "Smuggling of Migrants Protocol (SOMP)",
    "UNCAC": "UN Convention against Corruption (UNCAC)",
    "ACTIP": "ASEAN Convention against Trafficking in Persons (ACTIP)",
    "FATF": "FATF Recommendations",
}
#: the Methodology text of the fourth round; any later year is an amendment
FATF_BASE_TEXT = "2013"

ARTICLE_TITLES: dict[str, dict[str, str]] = {
    "UNTOC": {
        "2": "Terms used", "5": "Taking part in an organised criminal group", "6": "Laundering the proceeds of crime",
        "7": "Preventive measures against laundering", "8": "Corruption offences",
        "9": "Measures against corruption", "10": "Liability of legal persons",
        "11": "Prosecution, trial and sanctions", "12": "Confiscation and seizure",
        "13": "Cooperation on confiscation", "14": "What becomes of confiscated property", "15": "Jurisdiction",
        "16": "Extradition", "18": "Mutual legal assistance", "19": "Joint investigations",
        "20": "Special investigative techniques", "21": "Transfer of proceedings", "22": "Foreign criminal records",
        "23": "Obstruction of justice", "24": "Protecting witnesses", "25": "Helping and protecting victims",
        "26": "Cooperation of offenders with the authorities", "27": "Cooperation between police forces",
        "29": "Training and technical assistance", "34": "Putting the Convention into effect",
    },
    "TIPP": {
        "1": "How the Protocol relates to the Convention", "2": "Purposes", "3": "Terms used",
        "5": "Offence of trafficking", "6": "Helping and protecting victims", "7": "Victims' stay in the country",
        "8": "Return of victims", "9": "Preventing trafficking", "10": "Sharing information and training",
        "11": "Border measures", "12": "Security of travel documents", "13": "Checking travel documents",
        "14": "Rights of refugees and others preserved",
    },
    "SOMP": {
        "1": "How the Protocol relates to the Convention", "3": "Terms used",
        "5": "Migrants not punished for being smuggled", "6": "Offences of smuggling", "7": "Cooperation at sea",
        "8": "Smuggling by sea", "9": "Safeguards at sea", "10": "Sharing information", "11": "Border measures",
        "12": "Security of travel documents", "13": "Checking travel documents",
        "14": "Training and technical cooperation", "15": "Other ways of preventing smuggling",
        "16": "Protecting and assisting migrants", "18": "Return of smuggled migrants",
        "19": "Rights of refugees and others preserved",
    },
    "UNCAC": {"16": "Bribing foreign and international officials"},
    "ACTIP": {"14": "Protecting victims"},
}

RECOMMENDATION_TITLES = {
    "1": "Assessing risks and a risk-based approach", "2": "National cooperation and coordination",
    "3": "Money laundering offence", "4": "Confiscation and provisional measures",
    "9": "Secrecy laws of financial institutions", "10–23": "Preventive measures of financial institutions and "
    "other businesses", "15": "New technologies", "26–28": "Supervision of financial institutions and other "
    "businesses", "29": "Financial intelligence units", "30": "Duties of law enforcement and investigators",
    "31": "Powers of law enforcement and investigators", "32": "Cash couriers", "36": "International instruments",
    "37": "Mutual legal assistance", "38": "Mutual legal assistance: freezing and confiscation",
    "39": "Extradition", "40": "Other forms of international cooperation",
}

#: criterion id → (Methodology text, title in our words)
FATF_CRITERIA: dict[str, tuple[str, str]] = {
    "3.1": ("2013", "Laundering is an offence in line with the Vienna and Palermo conventions"),
    "3.2": ("2013", "Predicates cover all serious offences, with every designated category"),
    "3.3": ("2013", "A threshold, if used, catches the offences it must"),
    "3.4": ("2013", "Any property, whatever its value, derived from crime"),
    "3.5": ("2013", "No conviction for the predicate needed to prove proceeds"),
    "3.6": ("2013", "Conduct abroad can be a predicate"),
    "3.7": ("2013", "The author of the predicate can be liable for laundering (self-laundering)"),
    "3.8": ("2013", "Intent and knowledge inferred from facts"),
    "3.9": ("2013", "Proportionate and dissuasive penalties for individuals"),
    "3.10": ("2013", "Liability and penalties for legal persons"),
    "3.11": ("2013", "Ancillary offences (attempt, conspiracy, aiding and abetting...)"),
    "4.1": ("2013", "Confiscation of laundered property, proceeds, instrumentalities and equivalent value"),
    "4.2": ("2013", "Powers to trace, freeze and seize, and to void dealings"),
    "4.3": ("2013", "Rights of good-faith third parties"),
    "4.4": ("2013", "Managing and disposing of property"),
    "29.1": ("2013", "A financial intelligence unit"),
    "30.3": ("2013", "Authorities that identify, trace and start freezing"),
    "31.1": ("2013", "Compulsory powers to obtain records and evidence"),
    "31.2": ("2013", "Special investigative techniques"),
    "31.3": ("2013", "Timely identification of accounts and assets"),
    "31.4": ("2013", "Investigators can ask the FIU for information"),
    "32.6": ("2013", "Declaration data reach the FIU"),
    "32.8": ("2013", "Cash can be stopped or restrained"),
    "32.11": ("2013", "Sanctions and confiscation for couriers"),
    "36.1": ("2013", "Party to the Vienna, Palermo, Mérida and Terrorist Financing conventions"),
    "36.2": ("2013", "Those conventions implemented in full"),
    "37.1": ("2013", "A legal basis for the widest assistance, quickly"),
    "37.2": ("2013", "A central authority, priorities and case management"),
    "37.3": ("2013", "No prohibition or unduly restrictive conditions"),
    "37.4": ("2013", "No refusal on fiscal grounds or for secrecy"),
    "37.5": ("2013", "Confidentiality of requests"),
    "37.6": ("2013", "No dual criminality for non-coercive assistance"),
    "37.7": ("2013", "Dual criminality met whatever the offence is called"),
    "37.8": ("2013", "Domestic powers and techniques available for requests"),
    "38.1": ("2013", "Acting quickly on foreign freezing and confiscation requests"),
    "38.2": ("2013", "Help with non-conviction-based confiscation"),
    "38.3": ("2013", "Coordinated seizure and confiscation; managing property"),
    "38.4": ("2013", "Sharing confiscated property"),
    "39.1": ("2013", "Extradition without undue delay, with clear processes"),
    "39.2": ("2013", "Extraditing nationals, or prosecuting them instead"),
    "39.3": ("2013", "Dual criminality met whatever the offence is called"),
    "39.4": ("2013", "Simplified extradition"),
    "40.1": ("2013", "Rapid and wide cooperation, on request and spontaneously"),
    "40.2": ("2013", "Lawful basis, channels, priorities and safeguards"),
    "40.3": ("2013", "Agreements with counterparts signed promptly"),
    "40.4": ("2013", "Feedback to the providing authority"),
    "40.5": ("2013", "No unduly restrictive grounds to refuse"),
    "40.6": ("2013", "Information used only as agreed"),
    "40.7": ("2013", "Confidentiality of exchanged information"),
    "40.8": ("2013", "Inquiries on behalf of counterparts"),
    "40.9": ("2013", "A legal basis for FIU cooperation"),
    "40.10": ("2013", "FIU feedback"),
    "40.11": ("2013", "What FIUs can exchange"),
    "40.12": ("2013", "A legal basis for supervisors' cooperation"),
    "40.13": ("2013", "Supervisors share domestic information"),
    "40.14": ("2013", "Supervisors share regulatory, prudential and AML/CFT information"),
    "40.15": ("2013", "Supervisors inquire for counterparts"),
    "40.16": ("2013", "Prior consent for onward use by supervisors"),
    "40.17": ("2013", "Law enforcement shares information, including for tracing"),
    "40.18": ("2013", "Law enforcement uses its powers for counterparts"),
    "40.19": ("2013", "Joint investigation teams"),
    "40.20": ("2013", "Indirect exchange with non-counterparts"),
}

_RECOMMENDATION = re.compile(r"^\s*(?:INR|R)\.?\s*(\d+)(?:\s*[-–]\s*(\d+))?")
_ARTICLE = re.compile(r"^\s*(\d+)")


@dataclass(frozen=True, slots=True)
class Point:
    """Where a source sits among the standards: its unit and the point inside the unit."""

    instrument: str
    #: the unit's number: ``"6"`` (an article), ``"3"`` or ``"10–23"`` (a Recommendation)
    number: str
    #: the criterion (FATF) or the paragraph as cited (a treaty article, e.g. ``"6(1)"``); ``None`` for a FATF
    #: requirement without a criterion number
    point: str | None
    #: FATF only: the Methodology text the point follows
    methodology: str | None
    #: the source as cited (e.g. ``"INR.4 para 10"``), which names a point without a criterion number
    cited: str

    @property
    def unit(self) -> str:
        """``art. 6`` or ``R.3``."""
        return f"R.{self.number}" if self.instrument == "FATF" else f"art. {self.number}"

    @property
    def unit_id(self) -> str:
        """A form-safe id: ``untoc_art6``, ``fatf_r3``, ``fatf_r10_23``."""
        number = self.number.replace("–", "_")
        return f"fatf_r{number}" if self.instrument == "FATF" else f"{self.instrument.lower()}_art{number}"


def unit_of(source: Source) -> Point | None:
    """The unit and point of a source, or ``None`` for a source that belongs to no standards unit."""
    if source.instrument not in INSTRUMENTS:
        return None
    if source.instrument == "FATF":
        number = None
        if source.criterion:
            number = source.criterion.split(".", 1)[0]
        else:
            found = _RECOMMENDATION.match(source.article)
            if found:
                number = found.group(1) + (f"–{found.group(2)}" if found.group(2) else "")
        if number is None:
            return None
        methodology = source.methodology or FATF_BASE_TEXT
        return Point("FATF", number, source.criterion, methodology, source.article)
    found = _ARTICLE.match(source.article)
    if found is None:
        return None
    return Point(source.instrument, found.group(1), source.article.strip(), None, source.article)


def unit_title(instrument: str, number: str) -> str:
    """The unit's title in our words (the unit itself, ``Article 6``, where none is written down)."""
    if instrument == "FATF":
        return RECOMMENDATION_TITLES.get(number, f"Recommendation {number}")
    return ARTICLE_TITLES.get(instrument, {}).get(number, f"Article {number}")


def point_title(point: Point) -> str:
    """A criterion's title in our words, the source as cited for a FATF point without one, or ``""`` for a treaty
    paragraph (its number says it all)."""
    if point.instrument != "FATF":
        return ""
    if point.point in FATF_CRITERIA:
        return FATF_CRITERIA[point.point][1]
    if point.point is None:
        return f"{point.cited} (a requirement of the {point.methodology} amendments, without a criterion number)" \
            if point.methodology != FATF_BASE_TEXT else point.cited
    return point.cited


def is_later_amendment(methodology: str | None) -> bool:
    """Whether a Methodology text is later than the 2013 text (``None``: the 2013 text)."""
    return methodology not in (None, FATF_BASE_TEXT)


def sort_key(instrument: str, number: str) -> tuple[int, int, str]:
    """Instruments in :data:`INSTRUMENTS` order, then units by number."""
    digits = re.match(r"\d+", number)
    return (INSTRUMENTS.index(instrument), int(digits.group(0)) if digits else 0, number)
