#!/usr/bin/env node
// Entry point of the `kakehashi` CLI. Runs the TypeScript sources through tsx so that a fresh
// `npm ci` is enough: no build step stands between a clone and a working command.
'use strict';
const path = require('node:path');
require('tsx/cjs');
require(path.join(__dirname, 'main.ts'));
