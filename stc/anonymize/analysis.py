"""Which text the analysis steps see: with ``anonymize.apply``, only the pseudonymized copies.

Every command that writes anything derived from the transcripts (code, impression, kwic,
synthesize, export, run) goes through ``analysis_project``, so that no identifier reaches the
output folder by one command while another pseudonymizes.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from stc.config import Project


def analysis_project(project: Project, out_dir: Path | None = None) -> Project:
    """The project a step analyses: itself, or (``anonymize.apply``) its pseudonymized copies.

    The copies are written (again) first, to ``out_dir`` or ``anonymize.output``; the same key
    gives the same copies, so this is safe to repeat.
    """
    settings = project.config.anonymize
    if not settings.apply:
        return project
    from stc.anonymize.project import anonymize_project, anonymized_project

    # Documents parsed before apply was turned on hold the original words. A link on the
    # way (out/.cache -> elsewhere) is never followed: stc removes only inside out/.
    parsed = project.output_dir / ".cache" / "parsed"
    if parsed.resolve().is_relative_to(project.output_dir.resolve()):
        shutil.rmtree(parsed, ignore_errors=True)

    return anonymized_project(project, anonymize_project(project, settings, out_dir))
