#!/usr/bin/env node
// Istio Tips language server: `istio-tips-language-server --stdio` works with any LSP client.
require('../dist/server.js');
