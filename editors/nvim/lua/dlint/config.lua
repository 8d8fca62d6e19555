-- Turning the options of `require('dlint').setup()` into a client configuration for
-- Neovim's built-in LSP client. Plain data in, plain data out, so the tests and both code
-- paths (vim.lsp.config on 0.11+, vim.lsp.start before) build the same thing.
local M = {}

M.name = 'dlint'

--- The options setup() starts from.
function M.defaults()
  return {
    -- The server command. A string is taken as the path of the dlint binary.
    cmd = { 'dlint', 'lsp' },
    filetypes = { 'dockerfile' },
    -- The workspace root: the nearest directory holding one of these, else the file's
    -- own directory. dlint reads `.dlint.toml` / `.hadolint.yaml` per file itself.
    root_markers = { '.dlint.toml', '.hadolint.yaml', '.hadolint.yml', '.git' },
    -- The `dlint` settings section (see the README for the keys).
    settings = {},
  }
end

--- `cmd` as a list: a bare string names the binary, which is started as `<path> lsp`.
function M.normalize_cmd(cmd)
  if type(cmd) == 'string' then
    return { cmd, 'lsp' }
  end
  return cmd
end

--- The first word of `cmd` when it is a program that cannot be run, else nil. A missing
--- binary otherwise fails silently: the client just never attaches.
function M.missing_program(cmd)
  if type(cmd) ~= 'table' or type(cmd[1]) ~= 'string' then
    return nil -- a function (custom transport): nothing to check
  end
  if vim.fn.executable(cmd[1]) == 1 then
    return nil
  end
  return cmd[1]
end

--- The settings as Neovim's client hands them to the server. The server pulls the
--- `dlint` section with workspace/configuration, so the table is wrapped once; an
--- already wrapped table is kept.
function M.wrap_settings(settings)
  settings = settings or {}
  if settings.dlint ~= nil then
    return settings
  end
  return { dlint = settings }
end

--- The client configuration for vim.lsp.config / vim.lsp.start. Options dlint does not
--- know (on_attach, capabilities, handlers, …) are passed through to Neovim unchanged.
function M.client_config(opts)
  local config = {}
  for key, value in pairs(opts) do
    config[key] = value
  end
  config.cmd = M.normalize_cmd(opts.cmd)
  config.settings = M.wrap_settings(opts.settings)
  return config
end

return M
