# JupyterHub for Literasi classrooms: several bimtek classes at once, each with its own nbgrader course,
# all sharing one exchange. Run:  jupyterhub -f deploy/jupyterhub/jupyterhub_config.py
# Every setting below has a default and an environment variable (see deploy/jupyterhub/README.md).
import os
import sys
from pathlib import Path

import yaml

c = get_config()  # noqa: F821

HERE = Path(__file__).resolve().parent


def env(name: str, default: str) -> str:
    return os.environ.get(f"LITERASI_HUB_{name}") or default


def env_list(name: str) -> list[str]:
    return [item.strip() for item in env(name, "").split(",") if item.strip()]


# ---------------------------------------------------------------- where the hub listens and keeps its state
DATA_DIR = Path(env("DATA_DIR", "/srv/jupyterhub"))
DATA_DIR.mkdir(parents=True, exist_ok=True)
c.JupyterHub.bind_url = f"http://{env('IP', '')}:{env('PORT', '8000')}{env('BASE_URL', '/')}"
c.JupyterHub.hub_bind_url = f"http://127.0.0.1:{env('HUB_API_PORT', '8081')}"
c.JupyterHub.db_url = f"sqlite:///{DATA_DIR / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(DATA_DIR / "jupyterhub_cookie_secret")
c.JupyterHub.pid_file = str(DATA_DIR / "jupyterhub.pid")
c.JupyterHub.cleanup_servers = True  # stopping the hub stops the learners' servers too

# configurable-http-proxy from npm (`npm ci --prefix deploy/jupyterhub`), else one on PATH.
local_proxy = HERE / "node_modules" / ".bin" / "configurable-http-proxy"
c.ConfigurableHTTPProxy.command = [env("PROXY_COMMAND", str(local_proxy) if local_proxy.exists()
                                       else "configurable-http-proxy")]
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{env('PROXY_API_PORT', '8001')}"
c.ConfigurableHTTPProxy.pid_file = str(DATA_DIR / "jupyterhub-proxy.pid")

# ---------------------------------------------------------------- classes: groups, roles, the shared exchange
# courses.yml: `courses: [{id, instructors: [...], learners: [...]}]`. Groups follow nbgrader's convention:
# formgrade-<id> (instructors) and nbgrader-<id> (learners); nbgrader's JupyterHubAuthPlugin reads them.
COURSES_FILE = Path(env("COURSES", str(HERE / "courses.yml")))
COURSES = (yaml.safe_load(COURSES_FILE.read_text("utf-8")) or {}).get("courses") or []
COURSE_IDS = sorted(course["id"] for course in COURSES)
EXCHANGE_DIR = Path(env("EXCHANGE_DIR", "/srv/nbgrader/exchange"))
if not EXCHANGE_DIR.is_dir():
    EXCHANGE_DIR.mkdir(parents=True)
    EXCHANGE_DIR.chmod(0o1777)  # everyone writes their own submissions; sticky: no one removes another's

c.JupyterHub.load_groups = {}
c.JupyterHub.load_roles = []
for course in COURSES:
    cid, teachers, learners = course["id"], course.get("instructors") or [], course.get("learners") or []
    c.JupyterHub.load_groups[f"formgrade-{cid}"] = {"users": teachers, "properties": {"course": cid}}
    c.JupyterHub.load_groups[f"nbgrader-{cid}"] = {"users": learners, "properties": {"course": cid}}
    class_members = f"group=nbgrader-{cid}"
    c.JupyterHub.load_roles.append({
        "name": f"instructor-{cid}",
        "description": f"Instructors of {cid}: see, start, stop and open their learners' servers, manage the class",
        "groups": [f"formgrade-{cid}"],
        "scopes": ["admin-ui", f"list:users!{class_members}", f"read:users!{class_members}",
                   f"servers!{class_members}", f"access:servers!{class_members}",
                   f"list:groups!{class_members}", f"read:groups!{class_members}", f"groups!{class_members}"],
    })

# The token each single-user server gets: nbgrader's JupyterHubAuthPlugin reads the user's own groups
# (which classes they are in); an instructor's server may also add learners to their class.
BASE_SERVER_SCOPES = ["users:activity!user", "access:servers!server", "read:users:name!user",
                      "read:users:groups!user"]


def server_token_scopes(spawner) -> list[str]:
    scopes = list(BASE_SERVER_SCOPES)
    for cid in teaching(spawner.user):
        scopes += [f"{scope}!group=nbgrader-{cid}" for scope in ("list:groups", "read:groups", "groups")]
    return scopes


def teaching(user) -> list[str]:
    groups = {group.name for group in user.groups}
    return [cid for cid in COURSE_IDS if f"formgrade-{cid}" in groups]


c.Spawner.server_token_scopes = server_token_scopes

# ---------------------------------------------------------------- who may log in
# pam (system accounts, JupyterHub's default), native (pip install jupyterhub-nativeauthenticator: sign-up
# with admin approval), generic-oauth (pip install oauthenticator: the city's SSO), shared-password (tests,
# short workshops: LITERASI_HUB_SHARED_PASSWORD), or any Authenticator class path.
c.JupyterHub.authenticator_class = env("AUTHENTICATOR", "pam")
c.Authenticator.admin_users = set(env_list("ADMIN_USERS"))
c.Authenticator.allowed_users = {user for course in COURSES
                                 for user in (course.get("instructors") or []) + (course.get("learners") or [])}
c.Authenticator.allow_existing_users = True  # users added on the admin page or REST API may log in
if env("SHARED_PASSWORD", ""):
    c.SharedPasswordAuthenticator.user_password = env("SHARED_PASSWORD", "")

# ---------------------------------------------------------------- single-user servers
# localprocess: one system account per user (the hub runs as root). simple: everyone as the hub's own
# account with homes from LITERASI_HUB_HOME_TEMPLATE (tests only: no isolation between users).
c.JupyterHub.spawner_class = env("SPAWNER", "localprocess")
c.SimpleLocalProcessSpawner.home_dir_template = env("HOME_TEMPLATE", "/tmp/literasi-hub/{username}")
if os.geteuid() == 0:  # a test container running as root: the servers share the hub's account
    c.SimpleLocalProcessSpawner.args = ["--allow-root"]
c.Spawner.cmd = [sys.executable, "-m", "jupyterhub.singleuser"]  # this environment's Jupyter, nbgrader, literasi
c.Spawner.default_url = "/lab"
c.Spawner.start_timeout = int(env("START_TIMEOUT", "120"))
c.Spawner.http_timeout = int(env("HTTP_TIMEOUT", "120"))
JUPYTER_DIR = HERE / "jupyter"
BIN_DIR = str(Path(sys.executable).parent)
CURRICULUM = env("CURRICULUM", str(HERE.parent.parent))  # the Literasi project folder (curriculum.yml)


def classroom_environment(spawner) -> None:
    """Per user at every start: the exchange, nbgrader's instructor or learner tools, the course folder."""
    courses = teaching(spawner.user)
    config_path = [JUPYTER_DIR / "common"] if courses else [JUPYTER_DIR / "learner", JUPYTER_DIR / "common"]
    environment = dict(spawner.environment)  # a copy: the configured dict is shared by every spawner
    environment.update({
        "PATH": BIN_DIR + os.pathsep + os.environ.get("PATH", "/usr/bin:/bin"),
        "JUPYTER_CONFIG_PATH": os.pathsep.join(str(path) for path in config_path),
        "LITERASI_EXCHANGE_DIR": str(EXCHANGE_DIR),
        "LITERASI_ROOT": CURRICULUM,  # `literasi course init|grade` in a Lab terminal find the curriculum
    })
    environment.pop("LITERASI_COURSE_ID", None)  # the same spawner's last start: they may have left the class
    if courses:
        environment["LITERASI_COURSE_ID"] = courses[0]  # an instructor of several classes: the first, by id
    spawner.environment = environment


c.Spawner.pre_spawn_hook = classroom_environment

# ---------------------------------------------------------------- services
# Idle servers are stopped by jupyterhub-idle-culler, run and restarted by the hub, with only the scopes it needs.
c.JupyterHub.services = [{
    "name": "idle-culler",
    "command": [sys.executable, "-m", "jupyterhub_idle_culler", f"--timeout={env('CULL_TIMEOUT', '3600')}",
                f"--cull-every={env('CULL_EVERY', '300')}"],
}]
c.JupyterHub.load_roles.append({
    "name": "idle-culler",
    "description": "Stop servers idle for longer than LITERASI_HUB_CULL_TIMEOUT seconds",
    "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
    "services": ["idle-culler"],
})
# Optional: a token for provisioning scripts (create users, fill classes, start servers) through the REST API.
if env("SERVICE_TOKEN", ""):
    c.JupyterHub.services.append({"name": "literasi-admin", "api_token": env("SERVICE_TOKEN", "")})
    c.JupyterHub.load_roles.append({
        "name": "literasi-admin",
        "description": "Provisioning: users, groups, servers and user tokens",
        "scopes": ["admin:users", "admin:groups", "admin:servers", "tokens", "access:servers", "read:services",
                   "read:roles"],
        "services": ["literasi-admin"],
    })
