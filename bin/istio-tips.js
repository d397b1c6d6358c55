#!/usr/bin/env node
'use strict';
// The CLI is bundled into dist/cli.js by `npm run build`.
try {
  require.resolve('../dist/cli.js');
} catch {
  console.error('istio-tips: dist/cli.js is missing; run "npm run build" first');
  process.exit(2);
}
require('../dist/cli.js');
