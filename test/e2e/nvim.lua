-- Neovim 0.7+ as a plain LSP client of dist/server.js over stdio. Run by test/e2e/lib/nvim.mjs:
--   nvim --headless --clean -u NONE -c "luafile test/e2e/nvim.lua" file.yaml
-- Writes one line per diagnostic to $ISTIO_TIPS_OUT:
--   lnum<TAB>col<TAB>end_lnum<TAB>end_col<TAB>severity<TAB>code<TAB>message   (0-based)
-- and exits 0; exits 1 (cquit) when no diagnostics arrive within 10 s.
-- With ISTIO_TIPS_COMPLETE_AT="line,character" (0-based) it asks for completions there
-- instead and writes one line per item: label<TAB>insertTextFormat<TAB>first line of the text.
local server = assert(os.getenv('ISTIO_TIPS_SERVER'), 'ISTIO_TIPS_SERVER is not set')
local root = assert(os.getenv('ISTIO_TIPS_ROOT'), 'ISTIO_TIPS_ROOT is not set')
local out = assert(os.getenv('ISTIO_TIPS_OUT'), 'ISTIO_TIPS_OUT is not set')

local buf = vim.api.nvim_get_current_buf()
vim.bo[buf].filetype = 'yaml'

-- vim.lsp.start (0.8+) is not in Debian's 0.7, so start and attach by hand.
local client_id = vim.lsp.start_client({
  name = 'istio-tips',
  cmd = { 'node', server, '--stdio' },
  root_dir = root,
})
if not client_id then
  io.stderr:write('could not start the language server\n')
  vim.cmd('cquit 1')
end
vim.lsp.buf_attach_client(buf, client_id)

-- Writes the rows to $ISTIO_TIPS_OUT, stops the server and quits with status 0.
local function finish(rows)
  local f = assert(io.open(out, 'w'))
  f:write(table.concat(rows, '\n') .. '\n')
  f:close()
  vim.lsp.stop_client(client_id, true)
  vim.cmd('qall!')
end

local complete_at = os.getenv('ISTIO_TIPS_COMPLETE_AT')
if complete_at then
  local line, character = complete_at:match('^(%d+),(%d+)$')
  local ready = vim.wait(10000, function()
    return vim.lsp.buf_get_clients(buf)[client_id] ~= nil -- listed once initialized
  end, 50)
  if not ready then
    io.stderr:write('the language server did not initialize within 10 s\n')
    vim.cmd('cquit 1')
  end
  local params = { textDocument = vim.lsp.util.make_text_document_params(buf), position = { line = tonumber(line), character = tonumber(character) } }
  local result, request_error
  local client = vim.lsp.get_client_by_id(client_id)
  client.request('textDocument/completion', params, function(err, res)
    request_error = err or false
    result = res
  end, buf)
  if not vim.wait(10000, function() return request_error ~= nil end, 20) or request_error then
    io.stderr:write('no completion answer within 10 s: ' .. vim.inspect(request_error) .. '\n')
    vim.cmd('cquit 1')
  end
  local rows = {}
  for _, item in ipairs((result and (result.items or result)) or {}) do
    local text = (item.textEdit and item.textEdit.newText) or item.insertText or item.label
    table.insert(rows, table.concat({ item.label, item.insertTextFormat or 1, (text:match('^[^\n]*')) }, '\t'))
  end
  finish(rows)
end

local arrived = vim.wait(10000, function()
  return #vim.diagnostic.get(buf) > 0
end, 50)
if not arrived then
  io.stderr:write('no diagnostics within 10 s\n')
  vim.lsp.stop_client(client_id, true)
  vim.cmd('cquit 1')
end

local lines = {}
for _, d in ipairs(vim.diagnostic.get(buf)) do
  local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code) or ''
  local message = (d.message or ''):gsub('[\t\n]', ' ')
  table.insert(lines, table.concat({ d.lnum, d.col, d.end_lnum, d.end_col, d.severity, code, message }, '\t'))
end
finish(lines)
