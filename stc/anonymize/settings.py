"""The ``anonymize:`` section of stc.yaml: what to look for and how to replace it.

Every category can be switched off. Paths are relative to stc.yaml, like every path there.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator


class AnonymizeSettings(BaseModel):
    """Settings for ``stc anonymize`` and ``anonymize.apply`` in ``stc run``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    # Where things go.
    apply: bool = False
    """``stc run`` codes and reports the pseudonymized copies instead of the originals."""
    output: str = "transcripts_anon"
    """Folder for the pseudonymized copies, relative to stc.yaml; never the input folder."""
    key: str = ".stc-key"
    """The secret key file, relative to stc.yaml; the mapping file is written next to it."""
    style: Literal["numbered", "names"] = "numbered"
    """``numbered``: ``[Navn 1]``, ``[Sted 2]``; ``names``: realistic names from the list."""

    # Person names.
    names: bool = True
    """Look for the first names and surnames in the list shipped with stc."""
    people: list[str] = Field(default_factory=list)
    """Names the researcher lists; capitalised, they are always replaced."""
    entities: bool = True
    """Use the person and place entities of the ``model:`` pipeline when it has NER."""
    lowercase_names: bool = True
    """Look at lower-case forms of names too: replaced, or a maybe when also a common word."""

    # Places.
    places: list[str] = Field(default_factory=list)
    """Towns, institutions, workplaces the researcher lists (phrases allowed)."""
    unknown_capitalised: bool = True
    """Report capitalised words inside a sentence that are not common words (maybes only)."""

    # Numbers and contact details.
    phones: bool = True
    emails: bool = True
    id_numbers: bool = True
    """Norwegian fødselsnummer/D-number, Danish CPR, Swedish personnummer."""
    dates: bool = True
    """Dates of birth are replaced; other full dates are reported as maybes."""
    addresses: bool = True
    """Street addresses with a house number."""
    ages: bool = False
    """Generalise ages ("34 år") to ranges ("30-39 år")."""
    age_width: int = Field(default=10, ge=2, le=50)

    keep: list[str] = Field(default_factory=list)
    """Words or phrases never replaced or flagged, matched exactly (case-sensitive)."""

    @field_validator("people", "places", "keep", mode="before")
    @classmethod
    def _one_or_many(cls, value: object) -> object:
        return [value] if isinstance(value, str) else value

    @field_validator("people", "places", "keep")
    @classmethod
    def _no_blanks(cls, value: list[str]) -> list[str]:
        cleaned = [" ".join(item.split()) for item in value]
        if any(not item for item in cleaned):
            raise ValueError("remove the empty entry from the list")
        return cleaned

    @field_validator("output", "key")
    @classmethod
    def _not_empty(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("give a path relative to stc.yaml")
        return value
