"""The offline edition: what the hooks change when Material's offline plugin is on (ROADMAP_OFFLINE=true).

Pure module (no MkDocs imports): the hooks call it with their config and files, the tests directly.

Material's plugin makes the site readable from file:// (page links instead of directory URLs, the
search index as a script) but loads its Web Worker shim from unpkg.com, which the site's rule of no
foreign requests (and the build's theme check) refuses. The edition uses the project's own shim,
docs/assets/offline-worker.js, instead: it runs search in a hidden frame whose scripts are files of
the site, so the Content Security Policy stays the online one. Online builds never publish the shim.
Instant navigation is turned off for the edition (see INSTANT_FEATURES for why the plugin is not enough).
"""

from __future__ import annotations

PLUGIN = "material/offline"
WORKER_SHIM = "assets/offline-worker.js"
WORKER_FRAME = "assets/offline-worker-frame.js"
SHIM_FILES = (WORKER_SHIM, WORKER_FRAME)
UPSTREAM_SHIM = "iframe-worker"  # the plugin's polyfill address contains this name


def enabled(config) -> bool:
    """Whether this build is the offline edition: Material's offline plugin is listed and enabled."""
    plugin = config.plugins.get(PLUGIN) if hasattr(config.plugins, "get") else None
    return bool(plugin is not None and plugin.config.enabled)


def use_own_worker_shim(extra) -> None:
    """Replace the plugin's unpkg.com shim in extra.polyfills by the site's own (a relative path,
    which the theme's script_tag resolves against each page)."""
    polyfills = [script for script in extra.get("polyfills", []) if UPSTREAM_SHIM not in str(script)]
    extra["polyfills"] = [*polyfills, WORKER_SHIM]


# Material skips instant navigation on file:// by handing the document$ stream an empty observable,
# which completes it before the page has loaded: no document$ subscriber (progress.js, the site's
# other scripts, Material's own components) would ever run. Pages load one by one from disk anyway.
INSTANT_FEATURES = (
    "navigation.instant",
    "navigation.instant.progress",
    "navigation.instant.prefetch",
    "navigation.instant.preview",
)


def without_instant_navigation(features: list[str]) -> list[str]:
    """The theme's features for the offline edition: all but instant navigation."""
    return [feature for feature in features if feature not in INSTANT_FEATURES]


def files_to_drop(is_offline: bool) -> tuple[str, ...]:
    """Source files an edition does not publish: the shim is for the offline edition only."""
    return () if is_offline else SHIM_FILES
