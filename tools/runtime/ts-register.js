// Lets tools, CLIs and benchmarks run TypeScript straight from source (node -r this-file x.ts).
// SWC with decorator metadata, so Nest's DI works exactly as in the tsc build; @wushe/* aliases
// resolve to libs/*/src (or, for bench/, a service's src/index.ts) like tsconfig.base.json says.
const Module = require('node:module');
const path = require('node:path');
const fs = require('node:fs');
const { transformSync } = require('@swc/core');

const root = path.resolve(__dirname, '..', '..');
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, parent, ...rest) {
  const m = /^@wushe\/([a-z-]+)$/.exec(request);
  if (m) {
    const lib = path.join(root, 'libs', m[1], 'src', 'index.ts');
    request = fs.existsSync(lib) ? lib : path.join(root, 'services', m[1], 'src', 'index.ts');
  }
  return resolve.call(this, request, parent, ...rest);
};

require.extensions['.ts'] = function (module, filename) {
  const source = fs.readFileSync(filename, 'utf8');
  const { code } = transformSync(source, {
    filename,
    sourceMaps: 'inline',
    jsc: {
      target: 'es2022',
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
    },
    module: { type: 'commonjs' },
  });
  module._compile(code, filename);
};
