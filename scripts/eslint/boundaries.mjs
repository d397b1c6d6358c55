// ESLint rule `istio-tips/boundaries`: the architecture of README's layout, by folder.
// Each layer (a folder) says what its files may import:
//   only     folders/files (repo-relative) its relative imports may reach; unset: any
//   packages npm packages it may import (node: built-ins included by name); unset: any
//   through  { folder: file }: that folder is reached only through that file (a public index)
//   never    folders it must not reach at all
// A file belongs to the deepest layer whose folder contains it. Paths are resolved, so
// '../../lsp/x' from core/rules/ is caught like '../lsp/x' from core/.
import { dirname, relative, resolve, sep } from 'node:path';

const toPosix = (p) => p.split(sep).join('/');
const within = (path, folder) => path === folder || path.startsWith(`${folder}/`);
/** The package an import names: '@scope/name' or 'name' (subpaths dropped). */
const packageOf = (spec) => (spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]);
/** Resolved target without extension or /index, for comparing with configured files. */
const stem = (p) => p.replace(/\.(ts|mts|cts|js|mjs|cjs)$/, '').replace(/\/index$/, '');

export const boundaries = {
  meta: {
    type: 'problem',
    docs: { description: 'Imports stay within the layer boundaries configured by folder' },
    schema: [{ type: 'object', properties: { root: { type: 'string' }, layers: { type: 'array' } }, required: ['root', 'layers'] }],
  },
  create(context) {
    const { root, layers } = context.options[0];
    const file = toPosix(relative(root, context.filename));
    const layer = layers.filter((l) => within(file, l.folder)).sort((a, b) => b.folder.length - a.folder.length)[0];
    if (!layer) return {};
    const check = (node, spec) => {
      if (typeof spec !== 'string') return;
      const report = (why) => context.report({ node, message: `${layer.folder} may not import '${spec}': ${why}` });
      if (!spec.startsWith('.')) {
        if (layer.packages && !layer.packages.includes(packageOf(spec))) report(`only ${layer.packages.join(', ') || 'no packages'} (and its own folder)`);
        return;
      }
      const target = toPosix(relative(root, resolve(dirname(context.filename), spec)));
      for (const folder of layer.never ?? []) if (within(target, folder)) return report(`${folder} is off limits`);
      for (const [folder, gate] of Object.entries(layer.through ?? {})) {
        if (within(target, folder) && stem(target) !== stem(gate)) return report(`reach ${folder} through ${gate}`);
      }
      if (layer.only && !layer.only.some((allowed) => within(stem(target), stem(allowed)) || within(target, allowed))) {
        report(`only ${layer.only.join(', ')}`);
      }
    };
    return {
      ImportDeclaration: (n) => check(n.source, n.source.value),
      ExportNamedDeclaration: (n) => n.source && check(n.source, n.source.value),
      ExportAllDeclaration: (n) => check(n.source, n.source.value),
      ImportExpression: (n) => n.source.type === 'Literal' && check(n.source, n.source.value),
    };
  },
};

export default { rules: { boundaries } };
