"""Headless matplotlib for the reports that embed plots as PNG (evaluation and service reports).

Callers check that matplotlib is installed and say which extra brings it.
"""

from __future__ import annotations

import base64
import io
from typing import Any

__all__ = ["headless_pyplot", "png_base64"]


def headless_pyplot() -> Any:
    """``matplotlib.pyplot`` on the Agg backend: no display, no GUI event loop; safe in threads and CI."""
    import matplotlib

    matplotlib.use("Agg", force=True)
    import matplotlib.pyplot as plt

    return plt


def png_base64(plt: Any, figure: Any) -> str:
    """``figure`` as a base64 PNG (closed afterwards, so long runs do not keep figures in memory)."""
    buffer = io.BytesIO()
    figure.tight_layout()
    figure.savefig(buffer, format="png", dpi=90)
    plt.close(figure)
    return base64.b64encode(buffer.getvalue()).decode("ascii")
