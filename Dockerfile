# syntax=docker/dockerfile:1
# Literasi container images, one Dockerfile, three targets (docs/deploy.md explains where each runs):
#
#   docker build -t literasi-site .                                   # public site (default, last stage)
#   docker build --target singleuser -t literasi-singleuser .         # a learner's JupyterLab under JupyterHub
#   docker build --target instructor -t literasi-instructor .         # a trainer's JupyterLab: + exercise sources
#
# `literasi check` runs during every build (stage "check"); a curriculum that fails it builds no image.
# Exercise sources (solutions, hidden tests) go only into the instructor image, never into the site or a
# learner's image.

ARG PYTHON_IMAGE=python:3.11-slim

# --- build: the package, installed normally (not editable) into a virtual environment -------------------
FROM ${PYTHON_IMAGE} AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /src
COPY pyproject.toml README.md ./
COPY literasi ./literasi
COPY widgets ./widgets
COPY grading ./grading
RUN python -m venv /opt/venv \
    && /opt/venv/bin/python -m pip install --upgrade pip \
    && /opt/venv/bin/python -m pip install /src

# --- check: the whole curriculum (manifest, lessons, banks, facts, exercises) passes `literasi check` ---
FROM build AS check
COPY curriculum.yml /srv/literasi/curriculum.yml
COPY lessons /srv/literasi/lessons
COPY facts /srv/literasi/facts
COPY exercises /srv/literasi/exercises
WORKDIR /srv/literasi
RUN /opt/venv/bin/literasi check

# --- runtime: what every image shares: the checked environment and the lessons, read-only for users -----
FROM ${PYTHON_IMAGE} AS runtime
ENV PATH=/opt/venv/bin:$PATH \
    LITERASI_ROOT=/srv/literasi \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    MPLCONFIGDIR=/tmp/matplotlib
# Copying from "check" (not "build") makes every image depend on the check having passed.
COPY --from=check /opt/venv /opt/venv
COPY --from=check /srv/literasi/curriculum.yml /srv/literasi/curriculum.yml
COPY --from=check /srv/literasi/lessons /srv/literasi/lessons
# The facts registry: lessons' widgets and quiz banks read their sources from it (found through LITERASI_ROOT).
COPY --from=check /srv/literasi/facts /srv/literasi/facts

# --- singleuser: JupyterLab for a learner, started by JupyterHub (KubeSpawner or any other spawner) -----
FROM runtime AS singleuser
COPY deploy/z2jh/requirements-singleuser.txt /tmp/requirements-singleuser.txt
# Learners get nbgrader's assignment list and validate button, not the trainer's formgrader tools.
RUN python -m pip install --no-cache-dir -r /tmp/requirements-singleuser.txt \
    && rm /tmp/requirements-singleuser.txt \
    && jupyter labextension disable --level=sys_prefix @jupyter/nbgrader:formgrader \
        @jupyter/nbgrader:create-assignment @jupyter/nbgrader:course-list \
    && jupyter labextension lock --level=sys_prefix @jupyter/nbgrader:formgrader \
        @jupyter/nbgrader:create-assignment @jupyter/nbgrader:course-list \
    && jupyter server extension disable --sys-prefix nbgrader.server_extensions.formgrader \
        nbgrader.server_extensions.course_list \
    && useradd --uid 1000 --gid 100 --create-home --home-dir /home/jovyan jovyan
# The classroom set-up shared with deploy/jupyterhub: nbgrader's exchange and course from LITERASI_EXCHANGE_DIR
# and LITERASI_COURSE_ID (set by the hub), JupyterLab in Indonesian by default.
COPY deploy/jupyterhub/jupyter/common/nbgrader_config.py /opt/venv/etc/jupyter/nbgrader_config.py
COPY deploy/jupyterhub/lab-settings/overrides.json /opt/venv/share/jupyter/lab/settings/overrides.json
# JupyterHub may run each learner under their own uid (deploy/z2jh/values.yaml does), so nothing here
# depends on the uid: HOME is set explicitly and is the learner's own volume.
ENV HOME=/home/jovyan SHELL=/bin/bash
WORKDIR /home/jovyan
USER 1000
EXPOSE 8888
CMD ["jupyterhub-singleuser"]

# --- instructor: singleuser + exercise sources (for `literasi course init`) + fonts for certificates ----
FROM singleuser AS instructor
USER root
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*
COPY --from=check /srv/literasi/exercises /srv/literasi/exercises
RUN jupyter labextension unlock --level=sys_prefix @jupyter/nbgrader:formgrader \
        @jupyter/nbgrader:create-assignment @jupyter/nbgrader:course-list \
    && jupyter labextension enable --level=sys_prefix @jupyter/nbgrader:formgrader \
        @jupyter/nbgrader:create-assignment @jupyter/nbgrader:course-list \
    && jupyter server extension enable --sys-prefix nbgrader.server_extensions.formgrader \
        nbgrader.server_extensions.course_list
USER 1000

# --- site (default): the public site, `literasi serve`, several of them behind a load balancer ----------
FROM runtime AS site
RUN useradd --uid 10001 --user-group --create-home --home-dir /home/literasi literasi
ENV HOME=/home/literasi
WORKDIR /home/literasi
USER 10001
EXPOSE 8866
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import sys, urllib.request; sys.exit(urllib.request.urlopen('http://127.0.0.1:8866/healthz', timeout=4).read() != b'ok')"]
ENTRYPOINT ["literasi", "serve", "--ip", "0.0.0.0", "--port", "8866"]
