-- The other ways users start the plugin, each in a fresh Neovim (run by scripts/test-nvim):
--   lspdir  no setup(): `lsp/dlint.lua` found on the runtimepath by vim.lsp.enable('dlint')
--           (Neovim 0.11+), only `cmd` overridden to the binary under test;
--   start   setup() on a Neovim without vim.lsp.config/enable (0.10): the vim.lsp.start
--           fallback, including a buffer opened before setup() ran (lazy loading).
-- Each mode opens a Dockerfile with a MAINTAINER line and waits for dlint's diagnostic.
-- Environment: DLINT_BIN, PLUGIN_DIR, WORKSPACE. Usage: nvim --headless -u NONE -l modes.lua MODE
local mode = arg[1]
local dlint_bin = assert(os.getenv('DLINT_BIN'), 'DLINT_BIN not set')
local workspace = assert(os.getenv('WORKSPACE'), 'WORKSPACE not set')
local timeout = tonumber(os.getenv('LSP_TIMEOUT_MS') or '') or 20000

vim.cmd('filetype on')
vim.opt.runtimepath:prepend(assert(os.getenv('PLUGIN_DIR'), 'PLUGIN_DIR not set'))

local path = workspace .. '/' .. mode .. '.Dockerfile'
vim.fn.writefile({ 'FROM scratch', 'MAINTAINER someone@example.com' }, path)

if mode == 'lspdir' then
  vim.lsp.config('dlint', { cmd = { dlint_bin, 'lsp' } })
  vim.lsp.enable('dlint')
  vim.cmd.edit(vim.fn.fnameescape(path))
elseif mode == 'start' then
  vim.cmd.edit(vim.fn.fnameescape(path)) -- before setup(), as a lazily loaded plugin sees it
  vim.lsp.config = nil
  vim.lsp.enable = nil
  require('dlint').setup({ cmd = dlint_bin })
else
  error('unknown mode ' .. tostring(mode))
end

local bufnr = vim.api.nvim_get_current_buf()
local found = vim.wait(timeout, function()
  return #vim.diagnostic.get(bufnr, { lnum = 1 }) > 0
end, 20)
local clients = vim.lsp.get_clients({ bufnr = bufnr, name = 'dlint' })
local ok = found and #clients == 1
io.stdout:write(string.format('%s - %s: dlint attached (%d client) and reported the MAINTAINER line\n', ok and 'ok  ' or 'FAIL', mode, #clients))
for _, client in ipairs(vim.lsp.get_clients()) do
  client:stop()
end
vim.wait(2000, function()
  return #vim.lsp.get_clients() == 0
end, 20)
os.exit(ok and 0 or 1)
