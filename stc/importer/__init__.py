"""Projects coded in other programs, as stc projects: ``stc import qdpx FILE [DIR]``.

``refi`` reads a REFI-QDA project (.qdpx) from NVivo, ATLAS.ti, MAXQDA, QualCoder or stc;
``project`` turns it into transcripts, a YAML codebook, coding.yaml and condensation.yaml.
"""

from __future__ import annotations

from stc.importer.project import ImportResult, import_qdpx
from stc.importer.refi import RefiProject, read_project

__all__ = ["ImportResult", "RefiProject", "import_qdpx", "read_project"]
