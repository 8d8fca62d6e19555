-- Sourced by `:filetype on` for every plugin on the runtimepath, so Dockerfiles are
-- detected even before `require('dlint').setup()` runs (for example when a plugin
-- manager loads dlint lazily on the `dockerfile` filetype).
require('dlint.filetype').register()
