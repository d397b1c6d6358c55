-- Neovim 0.7+ as a plain LSP client of dist/server.js over stdio. Run by test/e2e/lib/nvim.mjs:
--   nvim --headless --clean -u NONE -c "luafile test/e2e/nvim.lua" file.yaml
-- Writes one line per diagnostic to $ISTIO_TIPS_OUT:
--   lnum<TAB>col<TAB>end_lnum<TAB>end_col<TAB>severity<TAB>code<TAB>message   (0-based)
-- and exits 0; exits 1 (cquit) when no diagnostics arrive within 10 s.
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
local f = assert(io.open(out, 'w'))
f:write(table.concat(lines, '\n') .. '\n')
f:close()
vim.lsp.stop_client(client_id, true)
vim.cmd('qall!')
