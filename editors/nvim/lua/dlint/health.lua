-- `:checkhealth dlint`: is the server runnable, and is a client attached here?
local M = {}

function M.check()
  local health = vim.health
  health.start('dlint')
  if vim.fn.has('nvim-0.10') == 0 then
    health.error('Neovim 0.10 or newer is required (0.11+ recommended)')
  end
  local config = require('dlint.config')
  local resolved = vim.lsp.config and vim.lsp.config[config.name]
  local cmd = config.normalize_cmd(resolved and resolved.cmd or config.defaults().cmd)
  local missing = config.missing_program(cmd)
  if missing then
    health.error(string.format("'%s' is not executable", missing), {
      'Install dlint (cargo install --path . in the dlint repository)',
      "or pass its path: require('dlint').setup({ cmd = { '/path/to/dlint', 'lsp' } })",
    })
  elseif type(cmd) == 'table' then
    local out = vim.fn.system({ cmd[1], '--version' })
    health.ok(string.format('%s: %s', cmd[1], vim.trim(out)))
  end
  local clients = vim.lsp.get_clients({ name = config.name })
  if #clients == 0 then
    health.info('no dlint client running (open a Dockerfile)')
  else
    health.ok(string.format('%d dlint client(s) running', #clients))
  end
end

return M
