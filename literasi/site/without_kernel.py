"""A lesson page without a kernel: the same template, header, text and links as a learner's page, no code run,
no kernel id, and in place of the interactive parts one sentence saying why (in the lesson's language).

Sent to a client that already holds too many pages that never connected to their kernels (a crawler, a script):
it still reads the title, the text and the links, and holds no kernel. The page's script finds no kernel to
connect to and does nothing.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

from voila.notebook_renderer import NotebookRenderer
from voila.utils import get_page_config

from literasi.i18n import lang_of_path, t

NOTICE_KEY = "site.without_kernel"


async def _no_kernel(nb):
    return None


async def _cells_without_outputs(nb, kernel_id):
    for cell in nb.cells:
        cell = cell.copy()
        if cell.cell_type == "code":
            cell.outputs = []
        yield cell


async def _nothing_to_execute(nb, kernel_id):
    return None


def notice(path: str) -> str:
    return t(NOTICE_KEY, lang_of_path(path))


async def render_without_kernel(handler, path: str) -> AsyncIterator[str]:
    """The page of ``path`` (relative to lessons/) rendered for ``handler`` (a Voila handler) without a kernel,
    in pieces."""
    page_config_kwargs = {"base_url": handler.base_url, "settings": handler.settings, "log": handler.log,
                          "voila_configuration": handler.voila_configuration}
    renderer = NotebookRenderer(
        request_handler=handler,
        voila_configuration=handler.voila_configuration,
        traitlet_config=handler.traitlet_config,
        notebook_path=path,
        template_paths=handler.template_paths,
        config_manager=handler.config_manager,
        contents_manager=handler.contents_manager,
        base_url=handler.base_url,
        kernel_spec_manager=handler.kernel_spec_manager,
        prelaunch_hook=handler.prelaunch_hook,
        page_config=get_page_config(**page_config_kwargs),
        mathjax_config=handler.settings.get("mathjax_config"),
        mathjax_url=handler.settings.get("mathjax_url"),
    )
    await renderer.initialize()
    extra_context = {
        "frontend": "voila",
        "main_js": "voila.js",
        "kernel_start": _no_kernel,
        "cell_generator": _cells_without_outputs,
        "notebook_execute": _nothing_to_execute,
        "progressive_rendering": False,
        "without_kernel_notice": notice(path),
    }
    async for html, _ in renderer.exporter.generate_from_notebook_node(
            renderer.notebook, resources=renderer.resources, extra_context=extra_context,
            page_config=renderer.page_config):
        yield html
