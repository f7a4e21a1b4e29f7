// Writes docs/asyncapi.yaml from the event registry (npm run asyncapi). The contracts spec fails
// when the checked-in file is stale, so CI catches an event change without its document.
require('../runtime/ts-register');
const fs = require('node:fs');
const path = require('node:path');
const { renderAsyncApiYaml } = require('../../libs/contracts/src/asyncapi.render.ts');

const target = path.resolve(__dirname, '..', '..', 'docs', 'asyncapi.yaml');
fs.mkdirSync(path.dirname(target), { recursive: true });
fs.writeFileSync(target, renderAsyncApiYaml());
console.log(`wrote ${path.relative(process.cwd(), target)}`);
