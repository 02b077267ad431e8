"""The demo's backup (issue 20): a folder beside the throw-away store, the default number
kept (fewer would wait for a second user, issue 21), and one backup made at start, so
Beheer → Back-ups shows one (log in as 'beheer')."""

from blijf_desktop.services.auth import AuthService
from blijf_desktop.services.backups import BackupService


def make_demo_backup(auth: AuthService, username: str, passphrase: str) -> None:
    folder = auth.paths.folder.parent / "back-ups"
    folder.mkdir(mode=0o700, exist_ok=True)
    session = auth.login(username, passphrase)
    try:
        service = BackupService(session)
        service.choose_folder(str(folder))
        job = service.start_backup()
        job.run(lambda done, total: None, lambda: False)
        service.finish_backup(job)
    finally:
        session.close()
