// The layering rule: which folder of src/ may import which. Where code runs is where it lives, so an
// import that crosses a runtime boundary the wrong way is an error, not a review comment.
import { builtinModules } from 'node:module';
import { dirname, relative, resolve, sep } from 'node:path';

const NODE_BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

/**
 * Each layer of src/ and the layers it may import (its own always). `vscode`: may import the VS Code API;
 * `node`: may import Node's built-in modules. `workerBoundary` names the only files of replayworker/ the
 * extension host may import.
 */
export const LAYERS = {
  core: { imports: [], vscode: false, node: true },
  protocol: { imports: ['core'], vscode: false, node: false },
  webview: { imports: ['protocol', 'core'], vscode: false, node: false },
  modelhost: { imports: ['core'], vscode: false, node: true },
  model: { imports: ['modelhost', 'protocol', 'core'], vscode: false, node: true },
  analysis: { imports: ['model', 'modelhost', 'protocol', 'core'], vscode: false, node: true },
  // The hand detector's page: runs in a browser (headless Chromium, or a webview).
  detector: { imports: ['protocol', 'core'], vscode: false, node: false },
  // The Node side of the headless detector: finds and starts Chromium, serves the page, talks to it.
  detectorhost: { imports: ['protocol', 'core'], vscode: false, node: true },
  replayworker: { imports: ['analysis', 'model', 'modelhost', 'protocol', 'core'], vscode: false, node: true },
  liveserver: { imports: ['model', 'modelhost', 'protocol', 'core'], vscode: false, node: true },
  cli: { imports: ['analysis', 'liveserver', 'model', 'modelhost', 'protocol', 'core', 'detectorhost'], vscode: false, node: true },
  extension: {
    imports: ['replayworker', 'liveserver', 'model', 'modelhost', 'protocol', 'core', 'detectorhost'],
    vscode: true,
    node: true,
  },
};

/** The files of a layer another layer may import although the layer as a whole is off limits to it. */
const BOUNDARY_FILES = {
  replayworker: ['client', 'protocol', 'workerScript'],
};

function layerOf(file, srcRoot) {
  const rel = relative(srcRoot, file);
  if (rel.startsWith('..')) return null;
  return rel.split(sep)[0];
}

export const layeringRule = {
  meta: {
    type: 'problem',
    docs: { description: 'Keeps imports between the folders of src/ pointing the way the layering allows' },
    schema: [],
    messages: {
      crossing: '{{from}}/ may not import {{to}}/ ({{spec}}): {{why}}',
      vscode: "{{from}}/ may not import 'vscode': only src/extension runs on the extension host",
      node: "{{from}}/ may not import Node's '{{spec}}': it runs in a browser",
      unknown: 'src/{{from}} is not a layer of lint/layering.mjs: add it there with the layers it may import',
    },
  },
  create(context) {
    const file = context.filename;
    const srcRoot = resolve(context.cwd, 'src');
    const from = layerOf(file, srcRoot);
    if (from === null || from.endsWith('.ts') || from.endsWith('.d.ts')) return {};
    const layer = LAYERS[from];
    if (!layer) {
      return { Program: (node) => context.report({ node, messageId: 'unknown', data: { from } }) };
    }
    const check = (node, spec) => {
      if (typeof spec !== 'string') return;
      if (spec === 'vscode') {
        if (!layer.vscode) context.report({ node, messageId: 'vscode', data: { from } });
        return;
      }
      if (NODE_BUILTINS.has(spec)) {
        if (!layer.node) context.report({ node, messageId: 'node', data: { from, spec } });
        return;
      }
      if (!spec.startsWith('.')) return;
      const target = resolve(dirname(file), spec);
      const to = layerOf(target, srcRoot);
      if (to === null || to === from) return;
      const base = target.split(sep).pop();
      if (layer.imports.includes(to)) {
        const boundary = from === 'extension' ? BOUNDARY_FILES[to] : undefined;
        if (!boundary || boundary.includes(base)) return;
        context.report({ node, messageId: 'crossing', data: { from, to, spec, why: `only its ${boundary.join(', ')} are its boundary` } });
        return;
      }
      const why = to === 'extension' ? 'nothing imports the extension host but its entry point' : `${from} imports only ${['its own', ...layer.imports].join(', ')}`;
      context.report({ node, messageId: 'crossing', data: { from, to, spec, why } });
    };
    return {
      ImportDeclaration: (node) => check(node.source, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node.source, node.source.value),
      ExportAllDeclaration: (node) => check(node.source, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node.source, node.source.value),
      CallExpression: (node) => {
        if (node.callee.type === 'Identifier' && node.callee.name === 'require' && node.arguments[0]?.type === 'Literal') {
          check(node.arguments[0], node.arguments[0].value);
        }
      },
    };
  },
};
