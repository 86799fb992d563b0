"""A real JupyterHub classroom on loopback, started from deploy/jupyterhub/jupyterhub_config.py.

Two bimtek classes share one nbgrader exchange. An instructor builds the course with `literasi course init`
and releases the QRIS exercise; two learners fetch, answer and submit it through their own Lab servers
(the Assignment List API behind the Hub's proxy); the instructor collects and grades; the gradebook holds
the scores. The hub, its proxy (configurable-http-proxy from deploy/jupyterhub/node_modules), the idle
culler and every user server are stopped at the end, also when a step fails.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat
import psutil
import pytest
import requests
import yaml
from conftest import OUTPUT, ROOT, free_port, literasi_command, server_log
from helpers import AUTO_POINTS, CORRECT, WRONG
from nbgrader.api import Gradebook

pytestmark = pytest.mark.slow

DEPLOY = ROOT / "deploy" / "jupyterhub"
UMKM, ASN = "bimtek-umkm-1", "bimtek-asn-1"
INSTRUCTOR, LEARNERS = "rina", ("sari", "andi")
ANSWERS = {"sari": CORRECT, "andi": WRONG}
NOTEBOOK = "latihan-qris.ipynb"
STEP_TIMEOUT = 120  # seconds for any one step (a server start, a command); the whole file stays far below


class Hub:
    """The running hub: its public URL, the provisioning token, its log, and the users' tokens."""

    def __init__(self, url: str, token: str, log: Path, homes: Path, exchange: Path, process: subprocess.Popen):
        self.url, self.token, self.log, self.process = url, token, log, process
        self.homes, self.exchange = homes, exchange
        self.user_tokens: dict[str, str] = {}

    def api(self, method: str, path: str, token: str | None = None, **kwargs) -> requests.Response:
        headers = {"Authorization": f"token {token or self.token}"}
        return requests.request(method, f"{self.url}/hub/api{path}", headers=headers, timeout=STEP_TIMEOUT, **kwargs)

    def as_user(self, user: str, method: str, path: str, **kwargs) -> requests.Response:
        """A request to the user's own server through the Hub's proxy, with that user's token."""
        headers = {"Authorization": f"token {self.user_tokens[user]}"}
        return requests.request(method, f"{self.url}/user/{user}{path}", headers=headers, timeout=STEP_TIMEOUT,
                                **kwargs)

    def server_environment(self, user: str) -> dict[str, str]:
        """The environment the hub gave the user's running server (what a terminal in their Lab sees)."""
        state = self.api("GET", f"/users/{user}").json()["servers"][""]["state"]
        return dict(line.split("=", 1) for line in
                    Path(f"/proc/{state['pid']}/environ").read_text().split("\0") if "=" in line)


def _wait(check, what: str, hub_log: Path, timeout: float = STEP_TIMEOUT):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = check()
        if result:
            return result
        time.sleep(0.3)
    raise AssertionError(f"{what} did not happen within {timeout} s; hub log: {hub_log}")


def _stop(process: subprocess.Popen) -> None:
    """Stop the hub (it stops the proxy, the culler and the user servers), then anything it left behind."""
    try:
        family = psutil.Process(process.pid).children(recursive=True)
    except psutil.NoSuchProcess:
        family = []
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
    for child in family:
        try:
            child.kill()
        except psutil.NoSuchProcess:
            pass
    psutil.wait_procs(family, timeout=10)


@pytest.fixture(scope="module")
def hub(tmp_path_factory, qris_project):
    proxy = DEPLOY / "node_modules" / ".bin" / "configurable-http-proxy"
    assert proxy.exists(), f"{proxy} is missing: run `npm ci --prefix deploy/jupyterhub` (scripts/setup.sh --test does)"
    place = tmp_path_factory.mktemp("hub")
    courses = place / "courses.yml"
    # The ASN class is filled from the courses file; the UMKM class through the REST API in the test.
    courses.write_text(yaml.safe_dump({"courses": [
        {"id": UMKM, "instructors": [], "learners": []},
        {"id": ASN, "instructors": ["yusuf"], "learners": ["dewi"]},
    ]}), "utf-8")
    port, token = free_port(), secrets.token_hex(32)
    environment = {
        **os.environ,
        "LITERASI_HUB_IP": "127.0.0.1", "LITERASI_HUB_PORT": str(port),
        "LITERASI_HUB_HUB_API_PORT": str(free_port()), "LITERASI_HUB_PROXY_API_PORT": str(free_port()),
        "LITERASI_HUB_DATA_DIR": str(place / "data"), "LITERASI_HUB_COURSES": str(courses),
        "LITERASI_HUB_EXCHANGE_DIR": str(place / "exchange"),
        "LITERASI_HUB_AUTHENTICATOR": "shared-password", "LITERASI_HUB_SHARED_PASSWORD": "kelas-literasi-2026",
        "LITERASI_HUB_SPAWNER": "simple", "LITERASI_HUB_HOME_TEMPLATE": str(place / "home" / "{username}"),
        "LITERASI_HUB_SERVICE_TOKEN": token, "LITERASI_HUB_CURRICULUM": str(qris_project),
    }
    log = server_log("jupyterhub")
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("wb") as log_file:
        process = subprocess.Popen([sys.executable, "-m", "jupyterhub", "-f", str(DEPLOY / "jupyterhub_config.py")],
                                   cwd=place, env=environment, stdout=log_file, stderr=subprocess.STDOUT,
                                   start_new_session=True)
    running = Hub(f"http://127.0.0.1:{port}", token, log, place / "home", place / "exchange", process)
    try:
        def up():
            assert process.poll() is None, f"the hub exited; see {log}"
            try:
                return requests.get(f"{running.url}/hub/api/", timeout=5).ok
            except requests.ConnectionError:
                return False

        _wait(up, "the hub answering through its proxy", log)
        yield running
    finally:
        _stop(process)


def _edit_answers(notebook: dict, answers: dict[str, str]) -> dict:
    parsed = nbformat.from_dict(notebook)
    for cell in parsed.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id in answers:
            cell.source = answers[grade_id]
    return parsed


def _run(command: list[str], environment: dict[str, str], cwd: Path) -> subprocess.CompletedProcess:
    result = subprocess.run(command, env=environment, cwd=cwd, capture_output=True, text=True, timeout=STEP_TIMEOUT)
    assert result.returncode == 0, f"{' '.join(command)}\n{result.stdout}\n{result.stderr}"
    return result


@pytest.fixture(scope="module")
def classroom(hub):
    """The whole class, once: users, servers, release, fetch, answer, submit, collect, grade."""
    started = time.monotonic()
    users = [INSTRUCTOR, *LEARNERS]
    assert hub.api("POST", "/users", json={"usernames": users}).status_code == 201
    assert hub.api("POST", f"/groups/formgrade-{UMKM}/users", json={"users": [INSTRUCTOR]}).ok
    assert hub.api("POST", f"/groups/nbgrader-{UMKM}/users", json={"users": list(LEARNERS)}).ok
    for user in [*users, "dewi"]:
        reply = hub.api("POST", f"/users/{user}/tokens", json={"note": "classroom test", "expires_in": 3600})
        assert reply.status_code == 201, reply.text
        hub.user_tokens[user] = reply.json()["token"]
    # All three servers start at once, as a class does (each request returns once its server is up or pending).
    with ThreadPoolExecutor(len(users)) as pool:
        starts = list(pool.map(lambda user: hub.api("POST", f"/users/{user}/server").status_code, users))
    assert all(status in (201, 202) for status in starts), starts

    def ready(user: str) -> None:
        _wait(lambda: (hub.api("GET", f"/users/{user}").json()["servers"].get("") or {}).get("ready"),
              f"{user}'s server starting", hub.log)

    # The instructor, in her own server's environment: build the course, release the QRIS exercise to the
    # exchange under the class's id. The ASN class's instructor releases the same exercise to his class.
    ready(INSTRUCTOR)
    teacher = hub.server_environment(INSTRUCTOR)
    course = Path(teacher["HOME"]) / UMKM
    _run([*literasi_command(), "course", "init", str(course)], teacher, course.parent)
    _run([sys.executable, "-m", "nbgrader", "release_assignment", "m3-qris", f"--course={UMKM}"], teacher, course)
    other = {**teacher, "JUPYTERHUB_USER": "yusuf", "HOME": str(hub.homes / "yusuf"), "LITERASI_COURSE_ID": ASN}
    shutil.copytree(course, hub.homes / "yusuf" / ASN)
    _run([sys.executable, "-m", "nbgrader", "release_assignment", "m3-qris", f"--course={ASN}"], other,
         hub.homes / "yusuf" / ASN)

    # Learners: what the Assignment List in JupyterLab does, through the proxy.
    seen = {}
    for learner in LEARNERS:
        ready(learner)
        listed = hub.as_user(learner, "GET", "/assignments", params={"course_id": UMKM}).json()
        fetched = hub.as_user(learner, "POST", "/assignments/fetch",
                              json={"course_id": UMKM, "assignment_id": "m3-qris"}).json()
        path = f"/api/contents/{UMKM}/m3-qris/{NOTEBOOK}"
        notebook = hub.as_user(learner, "GET", path).json()["content"]
        saved = hub.as_user(learner, "PUT", path, json={
            "type": "notebook", "format": "json", "content": _edit_answers(notebook, ANSWERS[learner])})
        assert saved.ok, saved.text
        submitted = hub.as_user(learner, "POST", "/assignments/submit",
                                json={"course_id": UMKM, "assignment_id": "m3-qris"}).json()
        seen[learner] = {"listed": listed, "fetched": fetched, "submitted": submitted}

    # The instructor collects from the exchange and grades the class.
    _run([sys.executable, "-m", "nbgrader", "collect", "m3-qris", f"--course={UMKM}"], teacher, course)
    graded = _run([*literasi_command(), "grade", str(course), "--jobs", "2"], teacher, course)
    seconds = time.monotonic() - started
    (OUTPUT / "jupyterhub-round-trip.txt").write_text(f"round trip (users → graded): {seconds:.1f} s\n", "utf-8")
    return {"course": course, "seen": seen, "grade_output": graded.stdout}


def _assignments(reply: dict, course_id: str) -> dict[str, dict]:
    assert reply["success"], reply
    return {a["assignment_id"]: a for a in reply["value"] if a["course_id"] == course_id}


def test_learners_see_fetch_and_submit_the_released_exercise(classroom):
    for learner in LEARNERS:
        seen = classroom["seen"][learner]
        assert _assignments(seen["listed"], UMKM)["m3-qris"]["status"] == "released"
        fetched = _assignments(seen["fetched"], UMKM)["m3-qris"]
        assert fetched["status"] == "fetched"
        assert [Path(n["path"]).name for n in fetched["notebooks"]] == [NOTEBOOK]
        assert _assignments(seen["submitted"], UMKM)["m3-qris"]["status"] == "submitted"


def test_instructor_collects_and_grades_the_class(classroom):
    course = classroom["course"]
    for learner in LEARNERS:
        assert (course / "submitted" / learner / "m3-qris" / NOTEBOOK).is_file()
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        assert gradebook.find_submission("m3-qris", "sari").score == AUTO_POINTS
        assert gradebook.find_submission("m3-qris", "andi").score == 0
    assert "sari" in classroom["grade_output"] and "andi" in classroom["grade_output"]


def test_a_learner_cannot_list_or_fetch_another_class(hub, classroom):
    assert (hub.exchange / ASN / "outbound" / "m3-qris").is_dir()  # released to the other class
    listed = hub.as_user("sari", "GET", "/assignments", params={"course_id": ASN}).json()
    assert _assignments(listed, ASN) == {}
    after = hub.as_user("sari", "POST", "/assignments/fetch", json={"course_id": ASN, "assignment_id": "m3-qris"})
    assert _assignments(after.json(), ASN) == {}
    assert not (hub.homes / "sari" / ASN).exists()
    # ... and cannot reach a classmate's server either.
    foreign = requests.get(f"{hub.url}/user/andi/api/contents", timeout=30, allow_redirects=False,
                           headers={"Authorization": f"token {hub.user_tokens['sari']}"})
    assert foreign.status_code in (302, 403, 404)


def test_the_class_groups_carry_nbgrader_course_membership(hub, classroom):
    groups = {g["name"]: g for g in hub.api("GET", "/groups").json()}
    assert groups[f"formgrade-{UMKM}"]["users"] == [INSTRUCTOR]
    assert sorted(groups[f"nbgrader-{UMKM}"]["users"]) == sorted(LEARNERS)
    assert groups[f"nbgrader-{ASN}"]["users"] == ["dewi"]  # from the courses file
    assert f"instructor-{UMKM}" in groups[f"formgrade-{UMKM}"]["roles"]
    # The instructor may look after her own class, not the other one.
    own = hub.api("GET", "/users/sari", token=hub.user_tokens[INSTRUCTOR])
    assert own.ok and own.json()["name"] == "sari"
    assert hub.api("GET", "/users/dewi", token=hub.user_tokens[INSTRUCTOR]).status_code in (403, 404)
    assert hub.api("GET", "/users/andi", token=hub.user_tokens["sari"]).status_code in (403, 404)


def test_nbgrader_instructor_tools_only_for_instructors(hub, classroom):
    def disabled(user: str) -> dict:
        page = hub.as_user(user, "GET", "/lab").text
        config = json.loads(re.search(r'id="jupyter-config-data"[^>]*>(.*?)</script>', page, re.S).group(1))
        return config.get("disabledExtensions") or []

    assert "@jupyter/nbgrader:formgrader" in disabled("sari")
    assert "@jupyter/nbgrader:formgrader" not in disabled(INSTRUCTOR)
    assert "@jupyter/nbgrader:assignment-list" not in disabled("sari")
    assert hub.as_user("sari", "GET", "/formgrader", allow_redirects=False).status_code == 404
    assert hub.as_user(INSTRUCTOR, "GET", "/formgrader").status_code == 200
    # Her formgrader opens her course folder (~/<class>): the assignments and both learners' submissions.
    assignments = {a["name"]: a for a in hub.as_user(INSTRUCTOR, "GET", "/formgrader/api/assignments").json()}
    assert assignments["m3-qris"]["num_submissions"] == len(LEARNERS)


def test_lab_speaks_indonesian_by_default_and_english_is_available(hub, classroom):
    packs = hub.as_user("sari", "GET", "/lab/api/translations/").json()["data"]
    assert {"en", "id_ID"} <= set(packs)
    indonesian = hub.as_user("sari", "GET", "/lab/api/translations/id_ID").json()
    assert indonesian["data"].get("jupyterlab"), indonesian.get("message")
    setting = hub.as_user("sari", "GET", "/lab/api/settings/@jupyterlab/translation-extension:plugin").json()
    assert setting["schema"]["properties"]["locale"]["default"] == "id_ID"


def test_idle_culler_runs_as_a_hub_service_with_its_role(hub, classroom):
    service = hub.api("GET", "/services/idle-culler").json()
    assert "jupyterhub_idle_culler" in " ".join(service["command"])
    assert service["pid"] and "jupyterhub_idle_culler" in " ".join(psutil.Process(service["pid"]).cmdline())
    assert "idle-culler" in service["roles"]
    # It has already asked the hub for the users' activity, and was allowed to.
    assert re.search(r" 200 GET /hub/api/users\S* \(idle-culler@", hub.log.read_text("utf-8", errors="replace"))


def test_class_members_log_in_with_the_class_password(hub, classroom):
    for user, password, welcome in (("sari", "kelas-literasi-2026", True), ("sari", "salah-sandi", False)):
        session = requests.Session()
        form = session.get(f"{hub.url}/hub/login", timeout=30)
        xsrf = session.cookies.get("_xsrf") or re.search(r'name="_xsrf" value="([^"]+)"', form.text).group(1)
        reply = session.post(f"{hub.url}/hub/login", data={"username": user, "password": password, "_xsrf": xsrf},
                             allow_redirects=False, timeout=30)
        assert (reply.status_code == 302) is welcome, reply.status_code
        if welcome:
            me = session.get(f"{hub.url}/hub/api/user", timeout=30, headers={"X-XSRFToken": xsrf})
            assert me.json()["name"] == user


def test_an_instructor_who_leaves_the_class_gets_learner_tools_at_the_next_start(tmp_path, monkeypatch):
    from types import SimpleNamespace

    from traitlets.config import Config

    monkeypatch.setenv("LITERASI_HUB_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("LITERASI_HUB_EXCHANGE_DIR", str(tmp_path / "exchange"))
    config_file = DEPLOY / "jupyterhub_config.py"
    namespace = {"get_config": Config, "__file__": str(config_file)}
    exec(compile(config_file.read_text("utf-8"), str(config_file), "exec"), namespace)
    hook = namespace["c"].Spawner.pre_spawn_hook
    configured = {"KEEP": "1"}
    user = SimpleNamespace(name="rina", groups=[SimpleNamespace(name=f"formgrade-{UMKM}")])
    spawner = SimpleNamespace(user=user, environment=configured)
    hook(spawner)
    assert spawner.environment["LITERASI_COURSE_ID"] == UMKM
    assert "learner" not in spawner.environment["JUPYTER_CONFIG_PATH"]
    user.groups = [SimpleNamespace(name=f"nbgrader-{UMKM}")]
    hook(spawner)
    assert "LITERASI_COURSE_ID" not in spawner.environment
    assert spawner.environment["JUPYTER_CONFIG_PATH"].startswith(str(DEPLOY / "jupyter" / "learner"))
    assert configured == {"KEEP": "1"}, "the configured environment is shared by every spawner"
