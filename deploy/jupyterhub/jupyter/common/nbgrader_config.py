# Loaded by nbgrader in every single-user server the Literasi hub starts (JUPYTER_CONFIG_PATH).
# The hub passes LITERASI_EXCHANGE_DIR to everyone and LITERASI_COURSE_ID to instructors.
import os

c = get_config()  # noqa: F821
# One exchange for all classes; a learner sees only the classes of their nbgrader-<id> groups.
c.Exchange.root = os.environ.get("LITERASI_EXCHANGE_DIR", "/srv/nbgrader/exchange")
c.Exchange.path_includes_course = True  # fetched work lands in ~/<course>/<assignment>/
c.Authenticator.plugin_class = "nbgrader.auth.JupyterHubAuthPlugin"

course = os.environ.get("LITERASI_COURSE_ID")
if course:  # an instructor: their course folder is ~/<course>, made with `literasi course init ~/<course>`
    c.CourseDirectory.course_id = course
    c.CourseDirectory.root = os.path.join(os.path.expanduser("~"), course)
