import { dirname, relative, resolve } from 'node:path';

/**
 * A feature is a folder directly under `services/<service>/src`. Another feature reaches it only
 * through its front door: `index.ts` (the providers its module exports, its errors and the types
 * a caller needs) or its `*.module.ts` (for Nest's `imports`). Reaching past the door couples a
 * caller to files the feature should be free to split, rename or make private.
 *
 * The service's kernel folders are not features: every feature leans on them.
 */
export const SERVICE_KERNEL = ['access', 'database', 'generated', 'shared', 'settings'];

function featureOf(file) {
  const match = /[\\/]services[\\/]([^\\/]+)[\\/]src[\\/](.+)$/.exec(file);
  if (!match) return null;
  const parts = match[2].split(/[\\/]/);
  if (parts.length < 2) return null;
  const srcRoot = file.slice(0, file.length - match[2].length);
  return { service: match[1], feature: parts[0], rest: parts.slice(1).join('/'), srcRoot };
}

function isFrontDoor(rest) {
  const path = rest.replace(/\.(ts|js)$/, '');
  return path === '' || path === 'index' || (!path.includes('/') && path.endsWith('.module'));
}

export const featureFrontDoor = {
  meta: {
    type: 'problem',
    docs: { description: 'Import another feature only through its index.ts or its module' },
    schema: [],
    messages: {
      pastTheDoor:
        "'{{target}}' is inside the {{feature}} feature: import it from '{{door}}' (its index.ts front door) or, for Nest imports, its module; export it there if others need it.",
    },
  },
  create(context) {
    const filename = context.filename ?? context.getFilename();
    const from = featureOf(filename);
    if (!from) return {};
    const check = (node) => {
      const source = node.source?.value;
      if (typeof source !== 'string' || !source.startsWith('.')) return;
      const target = featureOf(resolve(dirname(filename), source));
      if (!target || target.service !== from.service || target.feature === from.feature) return;
      if (SERVICE_KERNEL.includes(target.feature) || isFrontDoor(target.rest)) return;
      const door = relative(dirname(filename), resolve(target.srcRoot, target.feature));
      context.report({
        node: node.source,
        messageId: 'pastTheDoor',
        data: { target: source, feature: target.feature, door: door.startsWith('.') ? door : `./${door}` },
      });
    };
    return { ImportDeclaration: check, ExportNamedDeclaration: check, ExportAllDeclaration: check };
  },
};

export default { rules: { 'feature-front-door': featureFrontDoor } };
