"""stc: Malterud's systematic text condensation over interview transcripts.

Each step is a plain function over data; the CLI in ``stc.cli`` is a thin layer on top::

    from stc.config import load_config
    from stc.coding import code_project

    result = code_project(load_config("stc.yaml"))
    result.units_frame()          # the meaning units as a pandas DataFrame
"""

__version__ = "0.1.0"
