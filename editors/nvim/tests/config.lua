-- Unit checks of lua/dlint/config.lua (plain functions; no server needed).
-- Usage: PLUGIN_DIR=editors/nvim nvim --headless -u NONE -l config.lua
vim.opt.runtimepath:prepend(assert(os.getenv('PLUGIN_DIR'), 'PLUGIN_DIR not set'))
local config = require('dlint.config')
local failures = 0
local function same(actual, expected, what)
  local ok = vim.deep_equal(actual, expected)
  if not ok then
    failures = failures + 1
  end
  io.stdout:write(string.format('%s - %s%s\n', ok and 'ok  ' or 'FAIL', what, ok and '' or (': got ' .. vim.inspect(actual))))
end

same(config.normalize_cmd('/opt/dlint'), { '/opt/dlint', 'lsp' }, 'a string cmd is the binary, started with `lsp`')
same(config.normalize_cmd({ 'dlint', 'lsp', '--x' }), { 'dlint', 'lsp', '--x' }, 'a list cmd is kept')
same(config.wrap_settings(nil), { dlint = {} }, 'no settings: an empty dlint section')
same(config.wrap_settings({ shellcheck = false }), { dlint = { shellcheck = false } }, 'settings are wrapped in `dlint`')
same(config.wrap_settings({ dlint = { ignore = { 'DL3008' } } }), { dlint = { ignore = { 'DL3008' } } }, 'wrapped settings are kept')
local on_attach = function() end
local built = config.client_config({ cmd = 'dlint', settings = { target = 'app' }, on_attach = on_attach, filetypes = { 'dockerfile' } })
same(built.cmd, { 'dlint', 'lsp' }, 'client_config normalises cmd')
same(built.settings, { dlint = { target = 'app' } }, 'client_config wraps settings')
same(built.on_attach == on_attach, true, 'client_config passes other keys through')
same(config.missing_program({ '/nonexistent/dlint', 'lsp' }), '/nonexistent/dlint', 'a missing binary is named')
same(config.missing_program({ 'sh', '-c', 'true' }), nil, 'a binary on PATH is found')
same(config.missing_program(function() end), nil, 'a function cmd is not checked')
same(dofile(os.getenv('PLUGIN_DIR') .. '/lsp/dlint.lua').cmd, { 'dlint', 'lsp' }, 'lsp/dlint.lua has the default cmd')
io.stdout:write(string.format('%d failure(s)\n', failures))
os.exit(failures == 0 and 0 or 1)
