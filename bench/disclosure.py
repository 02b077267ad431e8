"""Disclosure benchmark: what the guided flow computes from a real encrypted store (issue 18).

    python bench/disclosure.py

A throw-away SQLCipher store (the KDF kept cheap: it is not what is measured) with the demo's
case of suspected labour exploitation: the client, the exploiter, a signal mensenhandel, a
verified consent, the signal already sent once. Measured, each over RUNS after a warm-up:
- baseline: the preview of a police infocheck of the client's names (no signal, no consent);
- the preview of the signal to the RIEC, anonymised: the gate through the consents, the
  signal rendered as labelled lines, the names masked in its free texts;
- the PDF of that preview (computed again from the store, as the app does for "PDF bekijken").
Prints medians and the ratio to the baseline; the last line is one JSON object."""

import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from blijf_desktop import demo  # noqa: E402
from blijf_desktop.domain import sharing  # noqa: E402
from blijf_desktop.domain.consent import Scope, Weighing, fingerprint  # noqa: E402
from blijf_desktop.services.auth import AuthService  # noqa: E402
from blijf_desktop.services.consent import ConsentService  # noqa: E402
from blijf_desktop.services.intake import IntakeService  # noqa: E402
from blijf_desktop.services.sharing import SharingService  # noqa: E402
from blijf_desktop.services.signals import SignalService  # noqa: E402
from blijf_desktop.storage.device import DeviceSecrets  # noqa: E402
from blijf_desktop.storage.kdf import ArgonParams, KdfPolicy  # noqa: E402
from blijf_desktop.storage.paths import StorePaths  # noqa: E402

RUNS = 30
KINDS = {"first_names", "last_name", "birth_date", sharing.SIGNAL}


def timed(call, runs: int = RUNS) -> float:
    call()  # warm-up
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        call()
        times.append((time.perf_counter() - start) * 1000.0)
    return statistics.median(times)


def main() -> None:
    import keyring
    from tests.keyring_backend import MemoryKeyring

    keyring.set_keyring(MemoryKeyring())
    with tempfile.TemporaryDirectory() as folder:
        auth = AuthService(StorePaths(Path(folder) / "store"), DeviceSecrets(),
                           KdfPolicy(fixed=ArgonParams(1024, 1, 1)))
        demo.fill(auth, cases=8)
        session = auth.login(demo.DEMO_USER, demo.DEMO_PASSPHRASE)
        case_id = max(h.case_id for h in IntakeService(session).find("", 0, 100))
        client = IntakeService(session).case(case_id).client.id
        signal_id = SignalService(session).for_case(case_id)[0].id
        consents = ConsentService(session)
        consent = consents.prepare(case_id, Scope(
            {sharing.RIEC}, {sharing.ChainPurpose.RIEC_ADVIES.value}, {client}, KINDS,
            demo.date.today(), signal_ids=frozenset({signal_id})), "blijf", "stemt_in", "",
            Weighing("Doel.", "Noodzaak.", "Proportioneel.", "Subsidiair.", "Belangen."))
        shown = next(c for c in consents.for_case(case_id) if c.id == consent)
        consents.verify(consent, demo.DEMO_COLLEAGUE, demo.DEMO_PASSPHRASE,
                        seen=fingerprint(shown))
        flow = SharingService(session)
        baseline = timed(lambda: flow.preview(case_id, "amsterdam", "infocheck",
                                              {client: {"first_names", "last_name"}}))
        preview = flow.preview(case_id, sharing.RIEC, sharing.ChainPurpose.RIEC_ADVIES.value,
                               {client: KINDS}, signal_id=signal_id)
        assert preview.gate.open, preview.gate.missing
        signal_ms = timed(lambda: flow.preview(
            case_id, sharing.RIEC, sharing.ChainPurpose.RIEC_ADVIES.value, {client: KINDS},
            signal_id=signal_id))
        pdf = flow.document(preview)
        pdf_ms = timed(lambda: flow.document(preview), runs=10)
        session.close()
    print(f"Preview of a police infocheck (baseline): median {baseline:.1f} ms")
    print(f"Preview of the signal to the RIEC under a consent: median {signal_ms:.1f} ms "
          f"({signal_ms / baseline:.1f}x the baseline)")
    print(f"Its PDF, computed again from the store: median {pdf_ms:.1f} ms, {len(pdf)} bytes")
    print(json.dumps({"baseline_preview_ms": round(baseline, 1),
                      "signal_preview_ms": round(signal_ms, 1),
                      "signal_preview_ratio": round(signal_ms / baseline, 2),
                      "pdf_ms": round(pdf_ms, 1), "pdf_bytes": len(pdf), "runs": RUNS}))


if __name__ == "__main__":
    main()
