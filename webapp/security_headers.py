"""Security headers on every response (flask-talisman): a CSP without inline scripts, no
framing (the approve and sign-off buttons must not be clickjackable), a same-origin referrer,
and HSTS when the deployment runs behind HTTPS (SESSION_COOKIE_SECURE)."""

from __future__ import annotations

from flask import Flask

from webapp.extensions import talisman

# Every script is a file under /static; inline styles stay allowed (style="" attributes and
# htmx's indicator rule), which cannot run code. Bootstrap draws some icons as data: SVGs.
CONTENT_SECURITY_POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:"],
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}
HSTS_MAX_AGE_S = 365 * 24 * 3600


def install(app: Flask) -> None:
    secure = app.config["SESSION_COOKIE_SECURE"]
    talisman.init_app(
        app,
        # TLS ends at the reverse proxy; redirecting here would loop behind a plain-HTTP hop.
        force_https=False,
        strict_transport_security=secure,
        strict_transport_security_max_age=HSTS_MAX_AGE_S,
        strict_transport_security_include_subdomains=False,
        session_cookie_secure=secure,
        session_cookie_http_only=True,
        frame_options="DENY",
        content_security_policy=CONTENT_SECURITY_POLICY,
        referrer_policy="same-origin",
    )
