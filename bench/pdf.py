"""PDF benchmark: building the veiligheidsadvies in memory, as the app does for a preview.

    python bench/pdf.py

The case: a client, 2 children, 2 plegers with their danger flags, 3 screenings (the latest in
full, the earlier two as a line each), four police receipts, the measures, a long advice text
and the agreements (tests/reports/aware_samples.py, synthetic people only). One warm-up build,
then the median of 50 (target under 150 ms). The last line printed is one JSON object
(median_ms, bytes, pages, then extras). Nothing is written to disk."""

import io
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import pypdf  # noqa: E402
import reportlab  # noqa: E402

from blijf_desktop.reports.safety_advice import build_safety_advice  # noqa: E402
from tests.reports import aware_samples  # noqa: E402  (the tests' synthetic case)

RUNS = 50
TARGET_MS = 150.0


def main() -> None:
    data = aware_samples.advice(long=True)
    print(f"Python {sys.version.split()[0]}, reportlab {reportlab.Version}")
    print(f"Case: {len(data.people)} people, {len(data.screenings)} screenings, "
          f"{len(data.police_info)} police receipts, advice text {len(data.advice_text)} chars")
    pdf = build_safety_advice(data)  # warm-up: imports, font metrics
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        pdf = build_safety_advice(data)
        times.append((time.perf_counter() - start) * 1000.0)
    pages = len(pypdf.PdfReader(io.BytesIO(pdf)).pages)
    median_ms = statistics.median(times)
    print(f"Build over {RUNS}: median {median_ms:.1f} ms, min {min(times):.1f} ms, "
          f"max {max(times):.1f} ms (target < {TARGET_MS:.0f} ms: "
          f"{'met' if median_ms < TARGET_MS else 'NOT met'})")
    print(f"PDF: {len(pdf)} bytes, {pages} pages")
    print(json.dumps({"median_ms": round(median_ms, 1), "bytes": len(pdf), "pages": pages,
                      "min_ms": round(min(times), 1), "max_ms": round(max(times), 1),
                      "runs": RUNS}))


if __name__ == "__main__":
    main()
