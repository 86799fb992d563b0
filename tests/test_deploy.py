"""Deployment files, checked offline: Kubernetes manifests, Zero to JupyterHub values, the Dockerfile, Binder.

No cluster, no Docker engine and no network here, so these tests read the files the way the tools would
(YAML documents, the Dockerfile's instructions, .dockerignore's patterns) and check what would break a
deployment: a probe on the wrong path or port, a selector that matches no pod, a container that may run as
root, a chart key the chart does not know, a COPY of a file the build context does not hold, a command
that does not exist. The Python code embedded in the hub's values runs against stand-in spawners.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import stat
import subprocess
from pathlib import Path
from types import SimpleNamespace

import jsonschema
import pytest
import tomllib
import yaml
from conftest import ROOT

DEPLOY = ROOT / "deploy"
SITE = DEPLOY / "kubernetes" / "site.yaml"
Z2JH = DEPLOY / "z2jh"
VALUES = Z2JH / "values.yaml"
DOCS = [ROOT / "docs" / "deploy.md", ROOT / "docs" / "deploy.en.md"]

# (apiVersion, kind) pairs served by current Kubernetes (1.32+) that these manifests may use.
KNOWN_KINDS = {
    ("apps/v1", "Deployment"), ("v1", "Service"), ("networking.k8s.io/v1", "Ingress"),
    ("autoscaling/v2", "HorizontalPodAutoscaler"), ("policy/v1", "PodDisruptionBudget"),
    ("networking.k8s.io/v1", "NetworkPolicy"), ("v1", "PersistentVolumeClaim"), ("batch/v1", "Job"),
    ("v1", "ConfigMap"), ("v1", "Secret"),
}
DNS_LABEL = re.compile(r"^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$")


# ------------------------------------------------------------------------------------------------ helpers
def yaml_documents(path: Path) -> list[dict]:
    return [doc for doc in yaml.safe_load_all(path.read_text("utf-8")) if doc is not None]


def deploy_yaml_files() -> list[Path]:
    return sorted(p for p in DEPLOY.rglob("*.y*ml") if "node_modules" not in p.parts and p.suffix in (".yml", ".yaml"))


def manifest_files() -> list[Path]:
    """Files of plain Kubernetes objects (not Helm values, not chart schemas, not course lists)."""
    return [p for p in deploy_yaml_files()
            if all(isinstance(d, dict) and "apiVersion" in d and "kind" in d for d in yaml_documents(p))]


def site_objects() -> dict[str, dict]:
    return {doc["kind"]: doc for doc in yaml_documents(SITE)}


def is_subset(selector: dict, labels: dict) -> bool:
    return bool(selector) and all(labels.get(key) == value for key, value in selector.items())


def container_port(container: dict, port) -> int:
    """A probe's or Service's port (a number or a port name) as the container's port number."""
    if isinstance(port, int):
        return port
    named = {p["name"]: p["containerPort"] for p in container.get("ports", [])}
    assert port in named, f"port name {port!r} is not a port of container {container['name']!r}"
    return named[port]


def serve_args(argv: list[str]):
    """``literasi serve`` arguments parsed by the real command line (unknown flags fail here)."""
    from literasi.cli import _parser

    return _parser().parse_args(["serve", *argv])


def console_scripts() -> dict[str, str]:
    return tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["scripts"]


def site_settings_env() -> dict[str, str]:
    from dataclasses import fields

    from literasi.site.settings import SiteSettings, env_name

    return {env_name(item.name): item.name for item in fields(SiteSettings)}


# Dockerfile: instructions with continuation lines joined; stages with their FROM, name and instructions.
def dockerfile_stages(text: str) -> list[dict]:
    lines, current = [], ""
    for raw in text.splitlines():
        stripped = raw.strip()
        if not current and (not stripped or stripped.startswith("#")):
            continue
        if current and stripped.startswith("#"):
            continue  # a comment inside a continued instruction
        if stripped.endswith("\\"):
            current += stripped[:-1] + " "
            continue
        lines.append(current + stripped)
        current = ""
    assert not current, "the Dockerfile ends inside a continued instruction"
    args, stages = {}, []
    for line in lines:
        keyword, _, rest = line.partition(" ")
        keyword, rest = keyword.upper(), rest.strip()
        if keyword == "ARG" and not stages:
            name, _, default = rest.partition("=")
            args[name] = default
        elif keyword == "FROM":
            words = rest.split()
            base = re.sub(r"\$\{(\w+)\}", lambda m: args[m.group(1)], words[0])
            name = words[2] if len(words) == 3 and words[1].upper() == "AS" else None
            stages.append({"name": name, "base": base, "instructions": []})
        else:
            assert stages, f"{keyword} before the first FROM"
            stages[-1]["instructions"].append((keyword, rest))
    return stages


def exec_form(rest: str) -> list[str]:
    value = json.loads(rest)
    assert isinstance(value, list) and all(isinstance(v, str) for v in value), rest
    return value


def copy_parts(rest: str) -> tuple[dict[str, str], list[str], str]:
    """COPY's --flags, sources and destination."""
    words = shlex.split(rest)
    flags = dict(w[2:].split("=", 1) for w in words if w.startswith("--"))
    paths = [w for w in words if not w.startswith("--")]
    return flags, paths[:-1], paths[-1]


def stage(stages: list[dict], name: str) -> dict:
    return next(s for s in stages if s["name"] == name)


def stage_closure(stages: list[dict], name: str) -> set[str]:
    """Every stage a stage is built from (FROM another stage, COPY --from=stage), itself included."""
    names = {s["name"] for s in stages}
    seen, todo = set(), [name]
    while todo:
        current = stage(stages, todo.pop())
        if current["name"] in seen:
            continue
        seen.add(current["name"])
        deps = [current["base"]] + [copy_parts(rest)[0].get("from") for kw, rest in current["instructions"]
                                    if kw == "COPY"]
        todo += [dep for dep in deps if dep in names]
    return seen


def dockerignore_allows(patterns: list[str], path: str) -> bool:
    """Docker's rule: the last pattern matching the path (or a folder above it) decides; ``!`` re-includes."""
    def matches(pattern: str) -> bool:
        regex = re.escape(pattern).replace(r"\*\*/", "(?:.*/)?").replace(r"\*\*", ".*")
        regex = regex.replace(r"\*", "[^/]*").replace(r"\?", "[^/]")
        parts = path.split("/")
        return any(re.fullmatch(regex, "/".join(parts[:i])) for i in range(1, len(parts) + 1))

    allowed = True
    for pattern in patterns:
        negated = pattern.startswith("!")
        if matches(pattern.lstrip("!")):
            allowed = negated
    return allowed


def dockerignore_patterns() -> list[str]:
    lines = (ROOT / ".dockerignore").read_text("utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.strip().startswith("#")]


@pytest.fixture(scope="module")
def stages() -> list[dict]:
    return dockerfile_stages((ROOT / "Dockerfile").read_text("utf-8"))


@pytest.fixture(scope="module")
def values() -> dict:
    return yaml.safe_load(VALUES.read_text("utf-8"))


# ------------------------------------------------------------------------------------------- every YAML
@pytest.mark.parametrize("path", deploy_yaml_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_every_deploy_yaml_file_parses(path):
    assert yaml_documents(path), f"{path} holds no YAML document"


@pytest.mark.parametrize("path", manifest_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_manifests_use_known_kinds_and_valid_names(path):
    for doc in yaml_documents(path):
        assert (doc["apiVersion"], doc["kind"]) in KNOWN_KINDS, f"{path}: unknown {doc['apiVersion']} {doc['kind']}"
        assert DNS_LABEL.match(doc["metadata"]["name"]), f"{path}: bad name {doc['metadata']['name']!r}"


def test_site_and_exchange_manifests_are_among_the_checked_files():
    names = {p.relative_to(ROOT).as_posix() for p in manifest_files()}
    assert {"deploy/kubernetes/site.yaml", "deploy/z2jh/exchange-pvc.yaml"} <= names


# --------------------------------------------------------------------------------- public site (Kubernetes)
def test_site_has_every_piece_of_a_scaled_deployment():
    assert set(site_objects()) >= {"Deployment", "Service", "Ingress", "HorizontalPodAutoscaler",
                                   "PodDisruptionBudget", "NetworkPolicy"}


def test_selectors_match_the_pods_they_are_meant_for():
    objects = site_objects()
    deployment = objects["Deployment"]
    pod_labels = deployment["spec"]["template"]["metadata"]["labels"]
    assert is_subset(deployment["spec"]["selector"]["matchLabels"], pod_labels)
    assert is_subset(objects["Service"]["spec"]["selector"], pod_labels)
    assert is_subset(objects["PodDisruptionBudget"]["spec"]["selector"]["matchLabels"], pod_labels)
    assert is_subset(objects["NetworkPolicy"]["spec"]["podSelector"]["matchLabels"], pod_labels)
    target = objects["HorizontalPodAutoscaler"]["spec"]["scaleTargetRef"]
    assert (target["kind"], target["name"]) == ("Deployment", deployment["metadata"]["name"])


def test_ingress_reaches_the_service_and_the_service_reaches_the_container():
    objects = site_objects()
    service, container = objects["Service"], objects["Deployment"]["spec"]["template"]["spec"]["containers"][0]
    service_ports = {p["name"]: p for p in service["spec"]["ports"]}
    for rule in objects["Ingress"]["spec"]["rules"]:
        for path in rule["http"]["paths"]:
            backend = path["backend"]["service"]
            assert backend["name"] == service["metadata"]["name"]
            assert backend["port"]["name"] in service_ports
    for port in service["spec"]["ports"]:
        assert container_port(container, port["targetPort"]) == serve_args(container["args"]).port


def test_container_runs_literasi_serve_with_real_flags_and_settings():
    container = site_objects()["Deployment"]["spec"]["template"]["spec"]["containers"][0]
    assert container["command"][0] in console_scripts()
    assert container["command"][1:] == ["serve"]
    args = serve_args(container["args"])  # an unknown flag exits here
    assert args.ip == "0.0.0.0", "a replica must listen beyond its own loopback"
    assert args.port in [p["containerPort"] for p in container["ports"]]
    known = site_settings_env()
    environment = {e["name"]: e["value"] for e in container["env"]}
    literasi_vars = {name: value for name, value in environment.items() if name.startswith("LITERASI_")}
    assert literasi_vars, "the replica's site settings are set through LITERASI_* variables"
    unknown = set(literasi_vars) - set(known)
    assert not unknown, f"not settings of literasi serve: {sorted(unknown)}"
    from literasi.site.settings import SiteSettings

    SiteSettings.from_env(environ=literasi_vars)  # a value of the wrong type raises here


def test_every_probe_asks_healthz_on_the_served_port():
    container = site_objects()["Deployment"]["spec"]["template"]["spec"]["containers"][0]
    port = serve_args(container["args"]).port
    for probe in ("startupProbe", "readinessProbe", "livenessProbe"):
        assert probe in container, f"no {probe}"
        check = container[probe]["httpGet"]
        assert check["path"] == "/healthz", f"{probe} asks {check['path']}"
        assert container_port(container, check["port"]) == port, f"{probe} asks another port"


def test_every_container_is_non_root_read_only_and_bounded():
    spec = site_objects()["Deployment"]["spec"]["template"]["spec"]
    assert spec["securityContext"]["runAsNonRoot"] is True
    assert spec["securityContext"]["runAsUser"] != 0
    assert spec["automountServiceAccountToken"] is False
    mounts_by_volume = {v["name"]: v for v in spec["volumes"]}
    for container in spec["containers"]:
        context = container["securityContext"]
        assert context["allowPrivilegeEscalation"] is False
        assert context["readOnlyRootFilesystem"] is True
        assert context["capabilities"]["drop"] == ["ALL"]
        resources = container["resources"]
        assert {"cpu", "memory"} <= set(resources["requests"]) and "memory" in resources["limits"]
        # A read-only root: every folder the server writes to must be a writable volume.
        writable = [m["mountPath"] for m in container["volumeMounts"] if "emptyDir" in mounts_by_volume[m["name"]]]
        for variable in ("JUPYTER_RUNTIME_DIR", "IPYTHONDIR", "MPLCONFIGDIR"):
            value = next(e["value"] for e in container["env"] if e["name"] == variable)
            assert any(value == w or value.startswith(w + "/") for w in writable), f"{variable}={value} is read-only"


def test_pod_user_and_home_are_the_images(stages):
    spec = site_objects()["Deployment"]["spec"]["template"]["spec"]
    site = stage(stages, "site")
    users = [rest for kw, rest in site["instructions"] if kw == "USER"]
    assert users and str(spec["securityContext"]["runAsUser"]) == users[-1]
    home = next(re.search(r"HOME=(\S+)", rest).group(1) for kw, rest in site["instructions"]
                if kw == "ENV" and "HOME=" in rest)
    assert home in [m["mountPath"] for m in spec["containers"][0]["volumeMounts"]], "the image's HOME is read-only"


def test_ingress_keeps_a_learner_on_one_replica_with_long_lived_websockets():
    annotations = site_objects()["Ingress"]["metadata"]["annotations"]
    assert annotations["nginx.ingress.kubernetes.io/affinity"] == "cookie"
    assert annotations["nginx.ingress.kubernetes.io/session-cookie-name"]
    assert annotations["nginx.ingress.kubernetes.io/affinity-mode"] == "persistent"
    assert int(annotations["nginx.ingress.kubernetes.io/proxy-read-timeout"]) >= 600


def test_scaling_and_disruptions_never_take_every_replica():
    objects = site_objects()
    hpa, pdb, deployment = objects["HorizontalPodAutoscaler"], objects["PodDisruptionBudget"], objects["Deployment"]
    assert 2 <= hpa["spec"]["minReplicas"] <= deployment["spec"]["replicas"] <= hpa["spec"]["maxReplicas"]
    assert pdb["spec"]["maxUnavailable"] < hpa["spec"]["minReplicas"]
    assert deployment["spec"]["strategy"]["rollingUpdate"]["maxUnavailable"] == 0
    scale_down = hpa["spec"]["behavior"]["scaleDown"]
    assert scale_down["stabilizationWindowSeconds"] >= 300, "scaling down ends learners' kernels: not in a hurry"


def test_site_image_is_pinned():
    image = site_objects()["Deployment"]["spec"]["template"]["spec"]["containers"][0]["image"]
    name, _, tag = image.rpartition(":")
    assert name and tag and tag != "latest"


# --------------------------------------------------------------------------------- Zero to JupyterHub values
def chart_schema() -> dict:
    return yaml.safe_load((Z2JH / "chart-values.schema.yaml").read_text("utf-8"))


def test_values_use_only_keys_the_chart_knows(values):
    schema = chart_schema()
    jsonschema.Draft7Validator.check_schema(schema)
    errors = [f"{'.'.join(map(str, e.absolute_path))}: {e.message}"
              for e in jsonschema.Draft7Validator(schema).iter_errors(values)]
    assert not errors, errors


def test_the_chart_schema_rejects_a_misspelt_key(values):
    broken = json.loads(json.dumps(values))
    broken["singleuser"]["memory"]["limt"] = "1G"
    assert list(jsonschema.Draft7Validator(chart_schema()).iter_errors(broken))


def test_learner_image_resources_and_culling(values):
    single = values["singleuser"]
    literasi = values["custom"]["literasi"]
    assert f"{single['image']['name']}:{single['image']['tag']}" == literasi["learnerImage"]
    extra = values["prePuller"]["extraImages"]
    assert any(f"{i['name']}:{i['tag']}" == literasi["instructorImage"] for i in extra.values())
    assert 0 < single["cpu"]["guarantee"] <= single["cpu"]["limit"]
    assert single["memory"]["guarantee"] and single["memory"]["limit"]
    cull = values["cull"]
    assert cull["enabled"] is True and cull["users"] is False and 0 < cull["timeout"] <= 4 * 3600


def test_exchange_volume_is_shared_read_write_many_and_where_nbgrader_looks(values):
    claim = next(d for d in yaml_documents(Z2JH / "exchange-pvc.yaml") if d["kind"] == "PersistentVolumeClaim")
    storage = values["singleuser"]["storage"]
    volume = next(v for v in storage["extraVolumes"] if v["name"] == "nbgrader-exchange")
    assert volume["persistentVolumeClaim"]["claimName"] == claim["metadata"]["name"]
    assert "ReadWriteMany" in claim["spec"]["accessModes"]
    mount = next(m for m in storage["extraVolumeMounts"] if m["name"] == "nbgrader-exchange")
    assert mount["mountPath"] == values["custom"]["literasi"]["exchangeRoot"]
    job = next(d for d in yaml_documents(Z2JH / "exchange-pvc.yaml") if d["kind"] == "Job")
    chmod = job["spec"]["template"]["spec"]["containers"][0]
    assert "chmod 1777" in " ".join(chmod["command"])
    assert chmod["image"] == values["custom"]["literasi"]["learnerImage"]


def test_oauth_secret_comes_from_a_kubernetes_secret_not_the_values(values):
    config = values["hub"]["config"]["GenericOAuthenticator"]
    assert not {"client_id", "client_secret"} & set(config)
    for variable in ("OAUTH_CLIENT_ID", "OAUTH_CLIENT_SECRET"):
        assert values["hub"]["extraEnv"][variable]["valueFrom"]["secretKeyRef"]["name"]


class _Section(SimpleNamespace):
    pass


class _Config:
    """Enough of traitlets' ``c`` for the extra config: ``c.KubeSpawner.x = y``."""

    def __init__(self):
        self.sections = {}

    def __getattr__(self, name):
        return self.sections.setdefault(name, _Section())


def _hub_code(values) -> dict:
    def get_config(key, default=None):
        node = values
        for part in key.split("."):
            if not isinstance(node, dict) or part not in node:
                return default
            node = node[part]
        return node

    namespace = {"c": _Config(), "get_config": get_config}
    for name in sorted(values["hub"]["extraConfig"]):
        exec(compile(values["hub"]["extraConfig"][name], name, "exec"), namespace)
    return namespace


def _spawner(user_id: int, groups: list[str], environment: dict | None = None):
    user = SimpleNamespace(id=user_id, name=f"user{user_id}", groups=[SimpleNamespace(name=g) for g in groups])
    return SimpleNamespace(user=user, environment=environment if environment is not None else {},
                           image="configured", uid=1000)


def test_hub_spawn_hook_gives_learners_their_own_uid_and_the_learner_image(values):
    hub = _hub_code(values)
    hook = hub["c"].KubeSpawner.pre_spawn_hook
    literasi = values["custom"]["literasi"]
    shared = {"EXISTING": "1"}
    first, second = _spawner(7, ["nbgrader-bimtek-umkm-1"], shared), _spawner(8, ["nbgrader-bimtek-umkm-1"], shared)
    hook(first)
    hook(second)
    assert (first.uid, second.uid) == (literasi["firstUid"] + 7, literasi["firstUid"] + 8)
    assert first.gid == literasi["gid"] == values["singleuser"]["fsGid"], "home volumes must be the learner's group's"
    assert first.image == literasi["learnerImage"]
    assert first.environment["LITERASI_EXCHANGE_DIR"] == literasi["exchangeRoot"]
    assert "LITERASI_COURSE_ID" not in first.environment
    assert shared == {"EXISTING": "1"}, "the configured environment is shared by every spawner: not to be changed"


def test_hub_spawn_hook_gives_trainers_their_course_and_forgets_it_when_they_leave(values):
    hook = _hub_code(values)["c"].KubeSpawner.pre_spawn_hook
    literasi = values["custom"]["literasi"]
    trainer = _spawner(3, ["formgrade-bimtek-asn-1", "formgrade-bimtek-umkm-1", "formgrade-Not A Course"])
    hook(trainer)
    assert trainer.image == literasi["instructorImage"]
    assert trainer.environment["LITERASI_COURSE_ID"] == "bimtek-asn-1"
    trainer.user.groups = [SimpleNamespace(name="nbgrader-bimtek-asn-1")]  # the same spawner, next start
    hook(trainer)
    assert trainer.image == literasi["learnerImage"]
    assert "LITERASI_COURSE_ID" not in trainer.environment


def test_server_tokens_read_own_groups_and_only_trainers_manage_their_class(values):
    scopes = _hub_code(values)["c"].KubeSpawner.server_token_scopes
    learner = scopes(_spawner(1, ["nbgrader-kelas-a"]))
    trainer = scopes(_spawner(2, ["formgrade-kelas-a"]))
    assert "read:users:groups!user" in learner and "read:users:groups!user" in trainer
    assert not [s for s in learner if s.startswith("groups!")]
    assert "groups!group=nbgrader-kelas-a" in trainer
    assert not [s for s in trainer if "kelas-b" in s]


def test_hub_servers_reach_no_internet_and_the_classroom_config_is_the_training_centres(values, stages):
    egress = values["singleuser"]["networkPolicy"]["egressAllowRules"]
    assert values["singleuser"]["networkPolicy"]["enabled"] is True and egress["nonPrivateIPs"] is False
    copies = [copy_parts(rest) for kw, rest in stage(stages, "singleuser")["instructions"] if kw == "COPY"]
    copied = {src: dest for _, sources, dest in copies for src in sources}
    nbgrader_config = "deploy/jupyterhub/jupyter/common/nbgrader_config.py"
    assert copied.get(nbgrader_config, "").startswith("/opt/venv/etc/jupyter/")
    assert values["custom"]["literasi"]["exchangeRoot"] in (ROOT / nbgrader_config).read_text("utf-8")
    overrides = "deploy/jupyterhub/lab-settings/overrides.json"
    assert copied.get(overrides) == "/opt/venv/share/jupyter/lab/settings/overrides.json"
    locale = json.loads((ROOT / overrides).read_text("utf-8"))["@jupyterlab/translation-extension:plugin"]["locale"]
    assert locale == "id_ID"


# ------------------------------------------------------------------------------------------- the Dockerfile
def test_dockerfile_stages_and_default_target(stages):
    assert [s["name"] for s in stages] == ["build", "check", "runtime", "singleuser", "instructor", "site"]
    assert stages[-1]["name"] == "site", "plain `docker build .` must give the public site"
    for name in ("build", "runtime"):
        assert stage(stages, name)["base"] == "python:3.11-slim"


def test_every_image_is_built_from_a_passed_literasi_check(stages):
    check = stage(stages, "check")
    runs = [rest for kw, rest in check["instructions"] if kw == "RUN"]
    assert any(re.search(r"(^|/)literasi check\b", run) for run in runs)
    for target in ("site", "singleuser", "instructor"):
        assert "check" in stage_closure(stages, target), f"{target} can be built without the check"


def test_package_is_installed_normally_not_editable(stages):
    runs = " ".join(rest for kw, rest in stage(stages, "build")["instructions"] if kw == "RUN")
    assert "pip install" in runs and not re.search(r"pip install[^&]*\s(-e|--editable)\s", runs)


def test_site_entrypoint_is_literasi_serve_on_the_exposed_default_port(stages):
    from literasi.site.settings import SiteSettings

    site = stage(stages, "site")
    entrypoint = exec_form(next(rest for kw, rest in site["instructions"] if kw == "ENTRYPOINT"))
    assert entrypoint[0] in console_scripts() and entrypoint[1] == "serve"
    args = serve_args(entrypoint[2:])
    assert args.ip == "0.0.0.0"
    exposed = [int(rest.split("/")[0]) for kw, rest in site["instructions"] if kw == "EXPOSE"]
    assert exposed == [args.port] == [SiteSettings().port]
    healthcheck = next(rest for kw, rest in site["instructions"] if kw == "HEALTHCHECK")
    command = exec_form(healthcheck[healthcheck.index("CMD") + 3:].strip())
    assert command[0] == "python" and f"127.0.0.1:{args.port}/healthz" in " ".join(command)


def test_no_image_runs_as_root_or_needs_curl(stages):
    text = (ROOT / "Dockerfile").read_text("utf-8")
    assert not re.search(r"\b(curl|wget)\b", text)
    for target in ("site", "singleuser", "instructor"):
        users = [rest for kw, rest in stage(stages, target)["instructions"] if kw == "USER"]
        if target == "instructor" and not users:
            users = [rest for kw, rest in stage(stages, "singleuser")["instructions"] if kw == "USER"]
        assert users and users[-1] not in ("0", "root"), f"{target} runs as root"


def test_exercise_sources_reach_only_the_instructor_image(stages):
    for target in ("runtime", "singleuser", "site"):
        for keyword, rest in stage(stages, target)["instructions"]:
            if keyword == "COPY":
                _, sources, destination = copy_parts(rest)
                assert not any("exercises" in p for p in [*sources, destination]), f"{target}: {rest}"
    instructor_copies = [copy_parts(r)[1] for kw, r in stage(stages, "instructor")["instructions"] if kw == "COPY"]
    assert ["/srv/literasi/exercises"] in instructor_copies


def test_every_image_holds_the_facts_registry_the_widgets_read(stages):
    runtime_copies = [copy_parts(r)[1:] for kw, r in stage(stages, "runtime")["instructions"] if kw == "COPY"]
    assert (["/srv/literasi/facts"], "/srv/literasi/facts") in runtime_copies
    check_copies = [copy_parts(r)[1:] for kw, r in stage(stages, "check")["instructions"] if kw == "COPY"]
    assert (["facts"], "/srv/literasi/facts") in check_copies


def test_every_copied_file_exists_and_is_in_the_build_context(stages):
    patterns = dockerignore_patterns()
    for current in stages:
        for keyword, rest in current["instructions"]:
            if keyword != "COPY":
                continue
            flags, sources, _ = copy_parts(rest)
            if "from" in flags:
                continue
            for source in sources:
                assert (ROOT / source).exists(), f"COPY {source}: no such file"
                assert dockerignore_allows(patterns, source), f"COPY {source}: excluded by .dockerignore"


def test_dockerignore_keeps_secrets_and_clutter_out_of_the_context():
    patterns = dockerignore_patterns()
    for path in (".git/config", ".venv/bin/python", "tests/test_deploy.py", "kelas/gradebook.db",
                 "exercises/source/m3-qris/gradebook.db", "lessons/id/__pycache__/x.pyc", "test-results/log.txt"):
        assert not dockerignore_allows(patterns, path), f"{path} would be sent to the Docker build"
    for path in ("lessons/id/00-mulai/00-cara-belajar.ipynb", "literasi/cli.py", "pyproject.toml"):
        assert dockerignore_allows(patterns, path)


def test_singleuser_image_starts_jupyterhub_singleuser_of_the_charts_major_version(stages):
    single = stage(stages, "singleuser")
    assert exec_form(next(rest for kw, rest in single["instructions"] if kw == "CMD")) == ["jupyterhub-singleuser"]
    from packaging.requirements import Requirement

    lines = (Z2JH / "requirements-singleuser.txt").read_text("utf-8").splitlines()
    hub = next(Requirement(line) for line in lines if line.startswith("jupyterhub"))
    chart_hub_version = "5.4.5"  # appVersion of the chart whose schema deploy/z2jh/chart-values.schema.yaml holds
    assert hub.specifier.contains(chart_hub_version) and not hub.specifier.contains("6.0.0")
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    extra = next(Requirement(r) for r in project["optional-dependencies"]["hub"] if r.startswith("jupyterhub>"))
    assert extra.specifier.contains(chart_hub_version), "the project's hub extra and the chart's hub disagree"
    language_pack = [Requirement(r).name.lower() for r in project["dependencies"]]
    assert "jupyterlab-language-pack-id-id" in language_pack, "the images' Indonesian JupyterLab needs the pack"


# ----------------------------------------------------------------------------------------------- Binder
def test_binder_reads_the_root_environment_and_postbuild():
    # repo2docker ignores the root's environment.yml when a binder/ or .binder/ folder exists.
    assert not (ROOT / "binder").exists() and not (ROOT / ".binder").exists()
    assert (ROOT / "environment.yml").is_file()
    post_build = ROOT / "postBuild"
    assert post_build.stat().st_mode & stat.S_IXUSR, "postBuild must be executable"
    assert post_build.read_text("utf-8").startswith("#!/bin/bash\n")
    assert subprocess.run(["bash", "-n", str(post_build)]).returncode == 0


def test_postbuild_installs_the_package_sets_indonesian_and_runs_the_check(tmp_path):
    """postBuild run with stand-in ``python`` and ``literasi`` that record their arguments."""
    bin_dir, prefix, log = tmp_path / "bin", tmp_path / "prefix", tmp_path / "calls.log"
    bin_dir.mkdir()
    for name in ("python", "literasi"):
        stub = bin_dir / name
        stub.write_text(f'#!/bin/bash\necho "{name} $*" >> "{log}"\n'
                        f'if [ "$1" = "-c" ]; then echo "{prefix}"; fi\n')
        stub.chmod(0o755)
    result = subprocess.run(["bash", str(ROOT / "postBuild")], capture_output=True, text=True,
                            env={**os.environ, "PATH": f"{bin_dir}:{os.environ['PATH']}"})
    assert result.returncode == 0, result.stderr
    calls = log.read_text("utf-8").splitlines()
    assert "python -m pip install --no-cache-dir --no-deps -e ." in calls
    assert calls[-1] == "literasi check"
    assert "literasi" in console_scripts()
    overrides = json.loads((prefix / "share/jupyter/lab/settings/overrides.json").read_text("utf-8"))
    assert overrides["@jupyterlab/translation-extension:plugin"]["locale"] == "id_ID"


def test_readme_has_a_binder_badge_opening_the_indonesian_lessons():
    readme = (ROOT / "README.md").read_text("utf-8")
    match = re.search(r"\(https://mybinder\.org/v2/gh/literasi-id/literasi/main\?urlpath=lab/tree/([\w/.-]+)\)", readme)
    assert match, "no Binder badge link in README.md"
    assert (ROOT / match.group(1)).is_dir()
    assert "https://mybinder.org/badge_logo.svg" in readme


# ------------------------------------------------------------------------------------------------- docs
DEPLOY_FILES = ["Dockerfile", ".dockerignore", "postBuild", "environment.yml",
                "deploy/jupyterhub/jupyterhub_config.py", "deploy/jupyterhub/courses.yml",
                "deploy/kubernetes/site.yaml", "deploy/z2jh/values.yaml", "deploy/z2jh/exchange-pvc.yaml",
                "deploy/z2jh/chart-values.schema.yaml", "deploy/z2jh/requirements-singleuser.txt"]


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: p.name)
def test_deploy_docs_mention_every_deploy_file_and_site_setting(doc):
    text = doc.read_text("utf-8")
    files = [f for f in DEPLOY_FILES if (ROOT / f).exists()]
    files += [p.relative_to(ROOT).as_posix() for p in (DEPLOY / "kubernetes").glob("*") if p.is_file()]
    files += [p.relative_to(ROOT).as_posix() for p in Z2JH.glob("*") if p.is_file()]
    missing = sorted({f for f in files if f not in text})
    assert not missing, f"{doc.name} does not mention {missing}"
    for variable in site_settings_env():
        assert variable in text, f"{doc.name} does not explain {variable}"
    for needed in ("/healthz", "/hub/metrics", "--room", ".backup", "gradebook.db"):
        assert needed in text, f"{doc.name} does not mention {needed}"


def sizing_rows(text: str) -> list[list[str]]:
    """The data rows of the deploy guide's sizing table (the table whose header has "p95"), as cells."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("|") and "p95" in line)
    rows = []
    for line in lines[start + 2:]:  # after the header and its |---| line
        if not line.startswith("|"):
            break
        rows.append([cell.strip() for cell in line.strip().strip("|").split("|")])
    return rows


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: p.name)
def test_the_sizing_table_holds_measured_numbers(doc):
    """Every measured row of the sizing table gives learners at once and a p95 time in seconds, and Literasi's
    rows the memory used, as numbers; a row not measured says how to measure it. The text says when and with what they were
    measured, and nothing is left "TBD"."""
    text = doc.read_text("utf-8")
    assert "TBD" not in text
    rows = sizing_rows(text)
    measured = [row for row in rows if re.fullmatch(r"\d+(?:[.,]\d+)? s", row[3])]
    assert len(measured) >= 3, rows
    for setup, _machine, learners, _p95, memory in measured:
        assert re.match(r"\d+\b", learners), learners
        if "literasi" in setup:  # Literasi's own rows also give the memory they used
            assert re.search(r"\d+(?:[.,]\d+)? [GM]B", memory), memory
    for row in rows:
        if row not in measured:
            assert "benchmarks/load.py" in row[2], row  # not measured: says how to measure
    assert re.search(r"`benchmarks/load\.py` (?:on|pada) \d{1,2} \w+ 20\d\d", text)  # measured with it, when
