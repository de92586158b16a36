"""The SMTP sink of the benchmark: the tests' mail server, keeping only the time each message arrived."""

from reminders.tests.smtp import MailServer


class SmtpSink(MailServer):
    keep_messages = False
