"""The languages stc analyses (a module of its own: `stc --help` names them without loading
the config's validation)."""

LANGUAGES: dict[str, str] = {
    "nb": "Norwegian Bokmål",
    "nn": "Norwegian Nynorsk",
    "da": "Danish",
    "sv": "Swedish",
    "en": "English",
    "de": "German",
}
