# Loaded by every single-user server the Literasi hub starts (JUPYTER_CONFIG_PATH, set in jupyterhub_config.py).
import os

c = get_config()  # noqa: F821
# JupyterLab reads overrides.json from here: Indonesian is the default language, English stays selectable
# (Settings → Language); a learner's own choice is kept in their user settings.
c.LabApp.app_settings_dir = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "lab-settings")
