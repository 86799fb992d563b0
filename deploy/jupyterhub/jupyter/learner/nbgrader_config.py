# Loaded by nbgrader in learners' servers only (JUPYTER_CONFIG_PATH, set in jupyterhub_config.py).
import os

c = get_config()  # noqa: F821
# A submission is filed under the learner's hub name, also where several hub users share one system
# account (SimpleLocalProcessSpawner, containers running as "jovyan"), where nbgrader would use that account.
if os.environ.get("JUPYTERHUB_USER"):
    c.CourseDirectory.student_id = os.environ["JUPYTERHUB_USER"]
