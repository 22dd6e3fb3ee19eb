"""Race tests on PostgreSQL: actions run at the same moment, each in a thread of its own (and
so on a connection of its own)."""

import threading
from collections.abc import Callable


def outcomes(
    *actions: Callable[[], None], refused: type[Exception] | tuple[type[Exception], ...]
) -> list[str]:
    """Run each action in its own thread; what each came to, in the order they ended: the
    action's name when it went through, "refused" when it raised `refused`."""
    ended: list[str] = []

    def act(action: Callable[[], None]) -> None:
        from django.db import connections

        try:
            action()
            ended.append(action.__name__)
        except refused:
            ended.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=act, args=(action,)) for action in actions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return ended
