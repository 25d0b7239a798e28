"""The codebook: its model (YAML → validated groups and codes) and its matcher."""

from stc.codebook.matcher import CodebookMatcher, Evidence, Keyword, parse_keyword
from stc.codebook.model import Code, Codebook, Group, load_codebook

__all__ = [
    "Code",
    "Codebook",
    "CodebookMatcher",
    "Evidence",
    "Group",
    "Keyword",
    "load_codebook",
    "parse_keyword",
]
