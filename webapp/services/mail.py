"""Outgoing e-mail: build one message and send it through the configured backend.

Called only from the Celery task `send_email`, never in a web request: an SMTP server that
is slow or down must not hold up anyone's action. Backends: "console" writes the message to
standard output (embedded mode, development), "smtp" talks to SMTP_HOST:SMTP_PORT.
"""

from __future__ import annotations

import smtplib
import ssl
import sys
from email.message import EmailMessage

from flask import current_app


def build(to: str, subject: str, body: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = current_app.config["MAIL_FROM"]
    message["To"] = to
    message["Subject"] = subject
    # base64: a relay without 8BITMIME still passes the Chinese text through intact.
    message.set_content(body, cte="base64")
    return message


def send(to: str, subject: str, body: str) -> None:
    """Send one message; OSError (SMTPException included) when the server refuses it."""
    message = build(to, subject, body)
    backend = current_app.config["MAIL_BACKEND"]
    if backend == "console":
        _send_to_console(message)
    elif backend == "smtp":
        _send_over_smtp(message)
    elif backend != "none":
        raise ValueError(f"unknown MAIL_BACKEND: {backend!r} (console, smtp or none)")


def _send_to_console(message: EmailMessage) -> None:
    # Decoded, not the wire format: the point is that a developer can read the Chinese text.
    headers = "".join(f"{name}: {value}\n" for name, value in message.items())
    sys.stdout.write(
        f"----- e-mail -----\n{headers}\n{message.get_content()}\n------------------\n"
    )
    sys.stdout.flush()


def _send_over_smtp(message: EmailMessage) -> None:
    config = current_app.config
    with smtplib.SMTP(
        config["SMTP_HOST"], config["SMTP_PORT"], timeout=config["SMTP_TIMEOUT_S"]
    ) as smtp:
        if config["SMTP_STARTTLS"]:
            smtp.starttls(context=ssl.create_default_context())
        if config["SMTP_USERNAME"]:
            smtp.login(config["SMTP_USERNAME"], config["SMTP_PASSWORD"])
        smtp.send_message(message)
