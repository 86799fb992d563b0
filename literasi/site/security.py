"""Security headers on every response of the public site, whoever wrote the handler (Voila, Jupyter Server, us)."""

from __future__ import annotations

from tornado.web import OutputTransform

# Lesson pages carry Voila's inline page configuration and heartbeat scripts, hence 'unsafe-inline' for scripts;
# everything else comes from this origin only (no CDN, no third party), and no site may frame ours.
CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self' 'unsafe-inline'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])

SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
    "Server": "Literasi",
}


class SecurityHeaders(OutputTransform):
    def transform_first_chunk(self, status_code, headers, chunk, finishing):
        for name, value in SECURITY_HEADERS.items():
            headers[name] = value
        return status_code, headers, chunk
