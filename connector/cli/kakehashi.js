#!/usr/bin/env node
// Entry point of the `kakehashi` CLI. Runs the TypeScript sources through tsx so that a fresh
// `npm ci` is enough: no build step stands between a clone and a working command.
'use strict';
const path = require('node:path');
require('tsx/cjs');
// A process that runs a node collects its old generation sooner (KAKEHASHI_HEAP_GROWING_PERCENT, see
// connector/node/memory/heap.ts): set before the node allocates anything.
if (process.argv[2] === 'node' && process.argv[3] === 'start') {
  try {
    require(path.join(__dirname, '../node/memory/heap.ts')).applyNodeHeapProfile();
  } catch (err) {
    const at = err && err.where ? ` (at ${err.where})` : '';
    process.stderr.write(`${(err && err.code) || 'KH_INTERNAL'}: ${err && err.message}${at}\n`);
    process.exit(1);
  }
}
require(path.join(__dirname, 'main.ts'));
