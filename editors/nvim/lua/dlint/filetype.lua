-- Dockerfile names dlint handles. Recent Neovim detects most of these itself; older
-- releases miss some (`*.containerfile`, `Containerfile.*`), so the plugin registers them
-- all. Registering is idempotent.
local M = {}

function M.register()
  vim.filetype.add({
    filename = {
      Dockerfile = 'dockerfile',
      Containerfile = 'dockerfile',
    },
    extension = {
      dockerfile = 'dockerfile',
      Dockerfile = 'dockerfile',
      containerfile = 'dockerfile',
      Containerfile = 'dockerfile',
    },
    pattern = {
      -- `Dockerfile.dev`, `Containerfile.prod`; matched against the file's tail.
      ['Dockerfile%..*'] = 'dockerfile',
      ['Containerfile%..*'] = 'dockerfile',
    },
  })
end

return M
