"""Security headers on every response of the public site, whoever wrote the handler (Voila, Jupyter Server, us)."""

from __future__ import annotations

import base64
import hashlib

from tornado.web import OutputTransform

# Scripts come from this origin only. The two inline scripts a lesson page may hold are allowed by their hashes:
# the template's no-op ``window.voila_heartbeat`` and the heartbeat call Voila streams while a page renders
# slowly. Anything else inline (an injected <script>) does not run. No CDN, no third party, no framing.
INLINE_SCRIPTS = ("window.voila_heartbeat = function () {};", "window.voila_heartbeat()")


def _script_hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def content_security_policy(script_src: str) -> str:
    return "; ".join([
        "default-src 'self'",
        f"script-src {script_src}",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ])


CONTENT_SECURITY_POLICY = content_security_policy(" ".join(["'self'", *map(_script_hash, INLINE_SCRIPTS)]))

SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
    "Server": "Literasi",
}


class SecurityHeaders(OutputTransform):
    headers = SECURITY_HEADERS

    def transform_first_chunk(self, status_code, headers, chunk, finishing):
        for name, value in self.headers.items():
            headers[name] = value
        return status_code, headers, chunk


class InlineScriptSecurityHeaders(SecurityHeaders):
    """For the projector view on 127.0.0.1 only: Voila's stock lab template runs inline scripts."""

    headers = {**SECURITY_HEADERS,
               "Content-Security-Policy": content_security_policy("'self' 'unsafe-inline' 'unsafe-eval'")}
