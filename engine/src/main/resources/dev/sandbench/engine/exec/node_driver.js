// Sandbench persistent JavaScript: one JSON request per line on stdin ({"code", "mark"});
// scripts run in this context, so globals and top-level let/const live on between requests.
// Each answer ends with "\n<mark> <exit code>\n" on stdout and "\n<mark>\n" on stderr.
const vm = require('vm');
const util = require('util');
const readline = require('readline');
globalThis.require = require;
const rl = readline.createInterface({ input: process.stdin, terminal: false });
let queue = Promise.resolve();
rl.on('line', (line) => { queue = queue.then(() => run(JSON.parse(line))); });
async function run(req) {
  let code = 0;
  try {
    let value = vm.runInThisContext(req.code, { filename: 'cell.js' });
    if (value && typeof value.then === 'function') value = await value;
    if (value !== undefined) console.log(util.inspect(value));
  } catch (e) {
    code = 1;
    console.error(e && e.stack ? e.stack : String(e));
  }
  process.stdout.write('\n' + req.mark + ' ' + code + '\n');
  process.stderr.write('\n' + req.mark + '\n');
}
