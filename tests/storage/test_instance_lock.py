"""The instance lock within one process: a hold let go by the garbage collector (the
finalizer of an AuthService or session nobody closed) while this thread is taking another
hold must not wait for itself."""

import threading
import weakref

from blijf_desktop.storage import instance_lock


def test_a_hold_released_by_a_finalizer_inside_hold_does_not_deadlock(tmp_path, monkeypatch):
    class Owner:
        pass

    owner = Owner()
    first = instance_lock.hold(tmp_path / "first.lock")
    weakref.finalize(owner, first.release)
    make_lock = instance_lock._OsLock

    def dropping_the_owner_first(path):
        nonlocal owner
        owner = None  # its finalizer runs here, inside hold(), as the collector may run it
        return make_lock(path)

    monkeypatch.setattr(instance_lock, "_OsLock", dropping_the_owner_first)
    taken = []
    worker = threading.Thread(target=lambda: taken.append(instance_lock.hold(tmp_path / "b.lock")),
                              daemon=True)
    worker.start()
    worker.join(timeout=10)
    assert not worker.is_alive(), "hold() waited for itself"
    assert first.released and len(taken) == 1
    taken[0].release()
    again = instance_lock.hold(tmp_path / "first.lock")  # the first lock was really let go
    assert again.stale is None
    again.release()
