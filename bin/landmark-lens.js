#!/usr/bin/env node
'use strict';
const path = require('node:path');
const fs = require('node:fs');
const cli = path.join(__dirname, '..', 'dist', 'cli.js');
if (!fs.existsSync(cli)) {
  process.stderr.write('landmark-lens: dist/cli.js is missing; run `npm run build` first.\n');
  process.exit(2);
}
// Exit only once stdout and stderr have taken everything written: into a pipe whose reader is slower
// than the command, process.exit() alone cut the output short with a success code.
function exitWhenFlushed(code) {
  let pending = 2;
  const done = () => {
    if (--pending === 0) process.exit(code);
  };
  process.stdout.write('', done);
  process.stderr.write('', done);
}
require(cli).main(process.argv.slice(2)).then(
  (code) => exitWhenFlushed(code),
  (err) => {
    process.stderr.write(`landmark-lens: ${err && err.message ? err.message : String(err)}\n`);
    exitWhenFlushed(2);
  },
);
