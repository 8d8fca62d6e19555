--- dlint for Neovim: runs `dlint lsp` for Dockerfiles through Neovim's built-in LSP
--- client. `require('dlint').setup({ cmd = …, settings = … })` is the whole interface.
local config = require('dlint.config')
local filetype = require('dlint.filetype')

local M = {}

--- Options merged over the defaults, key by key: a given `settings`, `cmd` or
--- `root_markers` replaces the default one whole, so lists never mix.
local function merged(opts)
  local out = config.defaults()
  for key, value in pairs(opts or {}) do
    out[key] = value
  end
  return out
end

--- Neovim 0.10: no vim.lsp.config, so start the client from a FileType autocommand.
--- vim.lsp.start reuses a running client with the same name and root.
local function start_with_autocmd(client_config)
  local function start(bufnr)
    local path = vim.api.nvim_buf_get_name(bufnr)
    local root = vim.fs.root(bufnr, client_config.root_markers)
    if root == nil and path ~= '' then
      root = vim.fs.dirname(path)
    end
    local start_config = vim.tbl_extend('force', client_config, { name = config.name, root_dir = root })
    start_config.root_markers = nil
    start_config.filetypes = nil
    vim.lsp.start(start_config, { bufnr = bufnr })
  end
  local group = vim.api.nvim_create_augroup('dlint', { clear = true })
  vim.api.nvim_create_autocmd('FileType', {
    group = group,
    pattern = client_config.filetypes,
    callback = function(args)
      start(args.buf)
    end,
  })
  -- Buffers opened before setup() ran (a lazily loaded plugin) get a client too.
  for _, bufnr in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(bufnr) and vim.tbl_contains(client_config.filetypes, vim.bo[bufnr].filetype) then
      start(bufnr)
    end
  end
end

--- Configures and enables the dlint client. Returns true when the client is enabled,
--- false (after an error message) when the server cannot be run.
function M.setup(opts)
  filetype.register()
  local client_config = config.client_config(merged(opts))
  local missing = config.missing_program(client_config.cmd)
  if missing then
    vim.notify(
      string.format(
        "dlint: cannot run '%s' (not found or not executable). Install dlint or pass its path: require('dlint').setup({ cmd = { '/path/to/dlint', 'lsp' } })",
        missing
      ),
      vim.log.levels.ERROR
    )
    return false
  end
  if vim.lsp.config ~= nil and vim.lsp.enable ~= nil then
    vim.lsp.config(config.name, client_config)
    vim.lsp.enable(config.name)
  else
    start_with_autocmd(client_config)
  end
  return true
end

return M
