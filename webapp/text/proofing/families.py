"""Rule families: the groups of finding codes that precision and recall are reported for."""

from __future__ import annotations

from webapp.text.proofing import (
    brackets,
    confusables,
    doubled,
    marks,
    numbering,
    numbers,
    placeholders,
    punctuation,
    spacing,
    years,
)

FAMILIES: dict[str, tuple[str, ...]] = {
    "doubled": (doubled.CHAR_CODE, doubled.WORD_CODE),
    "confusable": (confusables.CODE,),
    "number": (
        numbers.YEAR_ZERO_CODE,
        numbers.RANGE_CODE,
        numbers.MIXED_CODE,
        punctuation.FULLWIDTH_CODE,
        years.RANGE_CODE,
    ),
    "numbering": (
        numbering.GAP_CODE,
        numbering.DUPLICATE_CODE,
        numbering.MIXED_STYLE_CODE,
        numbering.PUNCT_CODE,
        numbering.LEVEL_SKIP_CODE,
        numbering.DOT_WIDTH_CODE,
    ),
    "punctuation": (
        punctuation.HALFWIDTH_CODE,
        punctuation.REPEATED_CODE,
        marks.CODE,
        brackets.CODE,
        brackets.NESTED_CODE,
    ),
    "placeholder": (placeholders.CODE,),
    "spacing": (spacing.INVISIBLE_CODE, spacing.STRAY_SPACE_CODE, spacing.FULLWIDTH_SPACE_CODE),
    "year": (years.MISMATCH_CODE, years.OUTSIDE_CODE),
}
_FAMILY_OF = {code: family for family, codes in FAMILIES.items() for code in codes}


def family_of(code: str) -> str:
    """The family a finding code belongs to (KeyError for an unknown code)."""
    return _FAMILY_OF[code]
