"""A learner on the public site is a browser session: the lesson page sets a session cookie, and only a seed
derived from it (never the cookie) reaches the learner's kernel, where it fixes the quiz order."""

from __future__ import annotations

import contextvars

import pytest
from conftest import LESSON_PATH, Visitor
from helpers import run_apart

from literasi.site.learner import (
    SESSION_COOKIE,
    begin_lesson_request,
    quiz_seed,
    request_seed,
    seed_code,
    send_seed,
    with_seed_env,
)
from literasi.site.security import SECURITY_HEADERS
from literasi.widgets.quiz.order import SEED_ENV, valid_seed

LESSON = f"/voila/render/id/{LESSON_PATH}"


def session_cookie(visitor: Visitor):
    return next((cookie for cookie in visitor.cookies if cookie.name == SESSION_COOKIE), None)


def test_a_lesson_page_gives_a_new_browser_a_session_cookie_that_it_keeps(site):
    visitor = Visitor(site)
    status, headers, body = visitor.get(LESSON)
    assert status == 200
    cookie = session_cookie(visitor)
    assert cookie is not None and len(cookie.value) >= 22
    assert cookie.has_nonstandard_attr("HttpOnly")  # page scripts cannot read it
    assert (cookie.get_nonstandard_attr("SameSite") or "").lower() == "lax"
    assert cookie.expires is None and cookie.path == "/"  # ends with the browser session, sent to every lesson
    assert cookie.value.encode() not in body and quiz_seed(cookie.value).encode() not in body
    for name, value in SECURITY_HEADERS.items():
        assert headers.get(name) == value, name
    first = cookie.value
    _, _, again = visitor.get(LESSON)  # a reload keeps the same learner
    assert session_cookie(visitor).value == first
    assert visitor.leave(body) == 204 and visitor.leave(again) == 204


def test_two_browsers_are_two_learners_and_a_forged_cookie_is_replaced(site):
    one, other = Visitor(site), Visitor(site)
    _, _, body_one = one.get(LESSON)
    _, _, body_other = other.get(LESSON, {"Cookie": f"{SESSION_COOKIE}=<script>"})
    assert session_cookie(one).value != session_cookie(other).value
    assert "<" not in session_cookie(other).value
    one.leave(body_one)
    other.leave(body_other)


def test_the_landing_page_sets_no_cookie(site):
    visitor = Visitor(site)
    visitor.get("/")
    assert session_cookie(visitor) is None


# --- the seed ------------------------------------------------------------------------------------

def test_the_kernel_gets_a_short_derived_seed_never_the_session_token():
    token = "QkY2d0N3a3JjbWx4Y2d6eGZr"
    seed = quiz_seed(token)
    assert valid_seed(seed) and len(seed) == 16 and token not in seed
    assert quiz_seed(token) == seed and quiz_seed(token + "x") != seed


@pytest.mark.parametrize("seed", ["'); import os; ('", "ABC", "0123456789abcdef0", ""])
def test_nothing_but_a_derived_seed_is_ever_sent_into_a_kernel(seed):
    with pytest.raises(ValueError):
        seed_code(seed)


def test_the_code_sent_to_a_warm_kernel_sets_the_seed(monkeypatch):
    from literasi.widgets.quiz import order as quiz_order

    monkeypatch.setattr(quiz_order, "_seed", None)
    exec(seed_code("0123456789abcdef"), {})
    assert quiz_order.learner_seed() == "0123456789abcdef"


class FakeHandler:
    """The part of a Tornado handler ``begin_lesson_request`` uses."""

    class request:
        protocol = "http"

    def __init__(self, cookie: str | None = None):
        self.cookie, self.set = cookie, {}

    def get_cookie(self, name):
        return self.cookie if name == SESSION_COOKIE else None

    def set_cookie(self, name, value, **options):
        self.set[name] = (value, options)


def test_a_kernel_started_for_a_lesson_request_gets_the_seed_in_its_environment():
    async def lesson_request():
        seed = begin_lesson_request(FakeHandler("QkY2d0N3a3JjbWx4Y2d6eGZr"))
        return seed, request_seed(), with_seed_env({"env": {"PATH": "/usr/bin"}, "path": "id"})

    assert with_seed_env({"path": "id"}) == {"path": "id"}  # outside a lesson request: nothing added
    seed, seen, kwargs = run_apart(lesson_request())
    assert seen == seed == quiz_seed("QkY2d0N3a3JjbWx4Y2d6eGZr")
    assert kwargs == {"env": {"PATH": "/usr/bin", SEED_ENV: seed}, "path": "id"}
    assert request_seed() is None  # the request's context ends with it


def test_the_cookie_is_secure_over_https_and_only_set_when_missing():
    handler = FakeHandler()
    handler.request = type("Request", (), {"protocol": "https"})
    contextvars.copy_context().run(begin_lesson_request, handler)  # as in a request of its own
    value, options = handler.set[SESSION_COOKIE]
    assert options == {"path": "/", "httponly": True, "samesite": "Lax", "secure": True}
    kept = FakeHandler(value)
    contextvars.copy_context().run(begin_lesson_request, kept)
    assert kept.set == {}


def test_a_kernel_that_cannot_take_the_seed_does_not_stop_the_lesson(caplog):
    class GoneKernels:
        def get_kernel(self, kernel_id):
            raise KeyError(kernel_id)

    assert run_apart(send_seed(GoneKernels(), "0000", "0123456789abcdef", timeout=1)) is False
    assert "did not take the quiz seed" in caplog.text
