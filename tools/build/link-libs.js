// After `tsc -p tsconfig.build.json`, give dist/ a node_modules/@wushe/<lib> shim per lib so
// compiled services resolve their lib imports with plain `node dist/services/<svc>/src/main.js`
// (no loader flags in images or manifests).
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..', '..');
for (const lib of fs.readdirSync(path.join(root, 'dist', 'libs'))) {
  const dir = path.join(root, 'dist', 'node_modules', '@wushe', lib);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(
    path.join(dir, 'index.js'),
    `module.exports = require('../../../libs/${lib}/src/index.js');\n`,
  );
}
// Prisma clients are generated as JavaScript next to each service's sources; tsc does not copy
// .js files, so copy them beside the compiled code.
for (const svc of fs.readdirSync(path.join(root, 'services'))) {
  const from = path.join(root, 'services', svc, 'src', 'generated');
  if (fs.existsSync(from)) {
    fs.cpSync(from, path.join(root, 'dist', 'services', svc, 'src', 'generated'), { recursive: true });
  }
}
