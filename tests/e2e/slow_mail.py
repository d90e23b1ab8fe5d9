"""An email backend for the fault tests: writes each message to a file, as slowly as a real mail server.

Each receipt takes a moment to send, so the worker is almost always in the middle of a task
(its message not yet acknowledged) when the test restarts Redis, as it would be under load.
"""

import time

from django.core.mail.backends.filebased import EmailBackend as FileBackend

SEND_SECONDS = 0.2


class EmailBackend(FileBackend):
    def send_messages(self, email_messages):
        time.sleep(SEND_SECONDS)
        return super().send_messages(email_messages)
