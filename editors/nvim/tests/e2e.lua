-- End-to-end test of the dlint Neovim plugin: headless Neovim, the plugin on the
-- runtimepath, the real `dlint lsp`, and a local registry holding one pushed image.
-- Everything is driven the way a user drives it (filetype detection, setup(),
-- vim.diagnostic, vim.lsp.buf.format/hover/code_action), not by hand-made requests,
-- except completion, which has no synchronous user entry point.
--
-- Run by scripts/test-nvim, which provides (environment):
--   DLINT_BIN      the dlint binary          PLUGIN_DIR   editors/nvim
--   REGISTRY_HOST  127.0.0.1:<port>          IMAGE_REPO   repository pushed there
--   IMAGE_TAGS     its tags (space-separated) IMAGE_DIGEST its manifest digest
--   WORKSPACE      an empty scratch directory RESULT_FILE  where to write codes seen
--   LSP_TIMEOUT_MS per-step bound (default 20000)
-- Exit status: 0 all checks passed, 1 a check failed.

local function env(name)
  local value = os.getenv(name)
  if value == nil or value == '' then
    io.stderr:write('e2e.lua: environment variable ' .. name .. ' is not set\n')
    os.exit(1)
  end
  return value
end

local DLINT_BIN = env('DLINT_BIN')
local PLUGIN_DIR = env('PLUGIN_DIR')
local HOST = env('REGISTRY_HOST')
local REPO = env('IMAGE_REPO')
local TAGS = vim.split(env('IMAGE_TAGS'), ' ', { trimempty = true })
local DIGEST = env('IMAGE_DIGEST')
local WORKSPACE = env('WORKSPACE')
local RESULT_FILE = env('RESULT_FILE')
local TIMEOUT = tonumber(os.getenv('LSP_TIMEOUT_MS') or '') or 20000
local IMAGE = HOST .. '/' .. REPO

local failures = 0
local function log(line)
  io.stdout:write(line .. '\n')
  io.stdout:flush()
end
local function check(cond, what, detail)
  if cond then
    log('ok   - ' .. what)
  else
    failures = failures + 1
    log('FAIL - ' .. what .. (detail ~= nil and (': ' .. vim.inspect(detail)) or ''))
  end
  return cond
end
local function wait(predicate)
  return vim.wait(TIMEOUT, predicate, 20)
end
local function finish()
  for _, client in ipairs(vim.lsp.get_clients()) do
    client:stop()
  end
  wait(function()
    return #vim.lsp.get_clients() == 0
  end)
  log(string.format('%d failure(s)', failures))
  os.exit(failures == 0 and 0 or 1)
end

vim.cmd('filetype on') -- `-u NONE` leaves detection off
vim.opt.runtimepath:prepend(PLUGIN_DIR)
vim.cmd('runtime! ftdetect/dlint.lua')
local dlint = require('dlint')

-- Filetype detection of every name the plugin promises.
for _, name in ipairs({
  'Dockerfile',
  'Containerfile',
  'Dockerfile.dev',
  'Containerfile.prod',
  'api.Dockerfile',
  'api.dockerfile',
  'api.containerfile',
  'deploy/Dockerfile',
}) do
  local ft = vim.filetype.match({ filename = name })
  check(ft == 'dockerfile', 'filetype of ' .. name .. ' is dockerfile', ft)
end
check(vim.filetype.match({ filename = 'docs/readme.md' }) ~= 'dockerfile', 'readme.md is not a Dockerfile')

-- A server that cannot be run is an error message, not silence.
local messages = {}
local notify = vim.notify
vim.notify = function(msg, level)
  table.insert(messages, { msg = msg, level = level })
end
local enabled = dlint.setup({ cmd = WORKSPACE .. '/no-such-dlint' })
vim.notify = notify
check(enabled == false, 'setup() with a missing binary reports failure')
check(
  #messages == 1 and messages[1].level == vim.log.levels.ERROR and messages[1].msg:find('no-such-dlint', 1, true) ~= nil,
  'setup() with a missing binary names it in an error',
  messages
)

-- The real server, with the registry features on (their default) and the plugin's
-- settings reaching it through workspace/configuration.
check(dlint.setup({ cmd = DLINT_BIN, settings = { registry = { enabled = true } } }), 'setup() enables the client')

local path = WORKSPACE .. '/Dockerfile'
local original = {
  'FROM ' .. IMAGE .. ':1.3',
  'MAINTAINER someone@example.com',
  'run echo hello',
}
vim.fn.writefile(original, path)
vim.cmd.edit(vim.fn.fnameescape(path))
local bufnr = vim.api.nvim_get_current_buf()
check(vim.bo[bufnr].filetype == 'dockerfile', 'opened Dockerfile has filetype dockerfile', vim.bo[bufnr].filetype)

local attached = wait(function()
  return #vim.lsp.get_clients({ bufnr = bufnr, name = 'dlint' }) > 0
end)
if not check(attached, 'dlint client attached') then
  finish()
end
local client = vim.lsp.get_clients({ bufnr = bufnr, name = 'dlint' })[1]
wait(function()
  return client.initialized
end)

local function line(n)
  return vim.api.nvim_buf_get_lines(bufnr, n, n + 1, false)[1]
end
local function set_line(n, text)
  vim.api.nvim_buf_set_lines(bufnr, n, n + 1, false, { text })
end
local function diagnostics_on(lnum)
  return vim.diagnostic.get(bufnr, { lnum = lnum })
end
-- Registry findings: `registry-*` codes in the server, DR001… on the command line; either
-- is accepted here, and scripts/test-nvim checks that the two agree.
local function is_registry_code(code)
  return type(code) == 'string' and (vim.startswith(code, 'registry-') or code:match('^DR%d+$') ~= nil)
end
local function registry_diagnostic(code)
  for _, d in ipairs(diagnostics_on(0)) do
    if is_registry_code(d.code) and (code == nil or d.code == code) then
      return d
    end
  end
end
local function summary(diags)
  return vim.tbl_map(function(d)
    return string.format('%d:%s %s', d.lnum, tostring(d.code), d.message)
  end, diags)
end

-- Lint diagnostic on the MAINTAINER line.
local lint_seen = wait(function()
  return #diagnostics_on(1) > 0
end)
check(lint_seen, 'lint diagnostic on the MAINTAINER line', summary(vim.diagnostic.get(bufnr)))
local lint_code = lint_seen and tostring(diagnostics_on(1)[1].code) or nil

-- The registry finding for the tag that does not exist, naming tags that do.
local wrong_tag = nil
wait(function()
  wrong_tag = registry_diagnostic()
  return wrong_tag ~= nil
end)
check(wrong_tag ~= nil, 'registry diagnostic on the FROM line with tag 1.3', summary(vim.diagnostic.get(bufnr)))
if wrong_tag then
  local names_a_tag = vim.iter(TAGS):any(function(t)
    return wrong_tag.message:find(t, 1, true) ~= nil
  end)
  check(names_a_tag, 'the registry diagnostic suggests an existing tag', wrong_tag.message)
  check(wrong_tag.source == 'dlint', 'the registry diagnostic comes from dlint', wrong_tag.source)
end

-- Formatting upper-cases the lowercase instruction and keeps the rest.
vim.lsp.buf.format({ bufnr = bufnr, name = 'dlint', timeout_ms = TIMEOUT })
check(line(2) == 'RUN echo hello', 'formatting upper-cases `run`', line(2))
check(line(1) == original[2], 'formatting keeps the MAINTAINER line', line(1))

-- Completion right after `image:` lists the pushed tags. The first request may find the
-- tag list still being fetched (the server answers within a short bound), so ask again,
-- as an editor does on the next keystroke, until the time bound.
local prefix = 'FROM ' .. IMAGE .. ':'
set_line(0, prefix)
local labels = {}
local function complete()
  local res = vim.lsp.buf_request_sync(bufnr, 'textDocument/completion', {
    textDocument = vim.lsp.util.make_text_document_params(bufnr),
    position = { line = 0, character = #prefix },
    context = { triggerKind = 2, triggerCharacter = ':' },
  }, TIMEOUT)
  local result = res and res[client.id] and res[client.id].result
  labels = vim.tbl_map(function(item)
    return item.label
  end, result and (result.items or result) or {})
  return vim.iter(TAGS):all(function(t)
    return vim.tbl_contains(labels, t)
  end)
end
check(wait(complete), 'completion after `image:` lists every pushed tag (' .. table.concat(TAGS, ', ') .. ')', labels)

-- With an existing tag the registry finding goes away.
set_line(0, 'FROM ' .. IMAGE .. ':1.0')
local wrong_code = wrong_tag and wrong_tag.code or 'registry-tag-not-found'
check(wait(function()
  return registry_diagnostic(wrong_code) == nil
end), 'the wrong-tag diagnostic is gone once the tag exists', summary(diagnostics_on(0)))

-- Hover on the image, through the user's command: the floating window shows the digest.
vim.api.nvim_win_set_cursor(0, { 1, 8 })
local function hover_text()
  for _, win in ipairs(vim.api.nvim_list_wins()) do
    if vim.api.nvim_win_get_config(win).relative ~= '' then
      local buf = vim.api.nvim_win_get_buf(win)
      return table.concat(vim.api.nvim_buf_get_lines(buf, 0, -1, false), '\n')
    end
  end
end
local shown = nil
wait(function()
  -- Ask again while the server still says it is looking the image up.
  vim.lsp.buf.hover()
  vim.wait(300, function()
    return hover_text() ~= nil
  end, 20)
  shown = hover_text()
  if shown and shown:find(DIGEST, 1, true) then
    return true
  end
  vim.cmd('fclose!')
  return false
end)
check(shown ~= nil and shown:find(DIGEST, 1, true) ~= nil, 'hover on the image shows its digest ' .. DIGEST, shown)
vim.cmd('fclose!')

-- "Pin to digest", applied through vim.lsp.buf.code_action as a user picks it.
vim.api.nvim_win_set_cursor(0, { 1, 8 })
local offered = {}
vim.lsp.buf.code_action({
  apply = true,
  filter = function(action)
    table.insert(offered, action.title)
    return vim.startswith(action.title, 'Pin to digest')
  end,
})
local pinned = 'FROM ' .. IMAGE .. ':1.0@' .. DIGEST
check(wait(function()
  return line(0) == pinned
end), 'the pin code action rewrites FROM to ' .. pinned, { line = line(0), offered = offered })

-- The buffer as the server sees it matches Neovim's (incremental sync kept up).
local res = vim.lsp.buf_request_sync(bufnr, 'dlint/documentText', {
  textDocument = { uri = vim.uri_from_bufnr(bufnr) },
}, TIMEOUT)
local server_text = res and res[client.id] and res[client.id].result and res[client.id].result.text
local buffer_text = table.concat(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false), '\n') .. '\n'
check(server_text == buffer_text, "the server's copy of the buffer matches Neovim's", server_text)

-- :checkhealth dlint names the binary in use and the running client.
vim.cmd('silent checkhealth dlint') -- silent: no progress message in the test output
local report = table.concat(vim.api.nvim_buf_get_lines(0, 0, -1, false), '\n')
check(report:find(DLINT_BIN, 1, true) ~= nil and report:find('1 dlint client(s) running', 1, true) ~= nil,
  ':checkhealth dlint reports the binary and the client', report)

local out = io.open(RESULT_FILE, 'w')
if out then
  out:write('registry_code=' .. (wrong_tag and tostring(wrong_tag.code) or '') .. '\n')
  out:write('lint_code=' .. (lint_code or '') .. '\n')
  out:close()
else
  check(false, 'write ' .. RESULT_FILE)
end
finish()
