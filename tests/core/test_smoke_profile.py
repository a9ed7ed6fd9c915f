from desktop.core import profile
from tests.conftest import ADMIN, PASSWORD


def test_profile_reopens(province, data_dir):
    province.close()
    again = profile.open_profile(data_dir, ADMIN, PASSWORD)
    assert again.user.username == ADMIN
    again.close()


def test_close_waits_for_a_session_on_another_thread(province):
    """Closing must not free the worker's connection under a running statement."""
    import threading
    import time

    from sqlalchemy import text

    from desktop.core.db.database import ProfileClosed

    inside, done = threading.Event(), []

    def worker() -> None:
        with province.db.session() as s:
            inside.set()
            time.sleep(0.3)
            done.append(s.execute(text("SELECT count(*) FROM accounts")).scalar())

    t = threading.Thread(target=worker)
    t.start()
    inside.wait(5)
    province.db.close()
    assert done and done[0] >= 1  # the worker finished its query before the engine went
    t.join(5)
    try:
        with province.db.session():
            pass
    except ProfileClosed:
        pass
    else:
        raise AssertionError("a closed database handed out a session")
