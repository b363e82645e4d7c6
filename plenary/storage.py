"""Static files in production: whitenoise's hashed and compressed names, with the ES
modules of the room (static/js/room/) importing each other by those hashed names.

Without the rewriting, ``main.<hash>.js`` (cached for good) would import ``./state.js``
by its plain name, which is cached briefly and changes under it at every release: for a
while after one, a browser could run new modules with old ones.
"""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class HashedStaticFilesStorage(CompressedManifestStaticFilesStorage):
    support_js_module_import_aggregation = True
    # A module's hash depends on the hashed names of those it imports, so every level of
    # imports takes a pass; Django's 5 would limit how modules may share code.
    max_post_process_passes = 12
