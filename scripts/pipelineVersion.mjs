// The pipeline's version, for the results cache key: a hash of the source text of everything that shapes a
// cached result, taken by the build (esbuild.mjs) on every build, so no pipeline change can forget to
// invalidate the cache. A change that leaves results as they were costs one re-analysis per session.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * What shapes a cached result, relative to the project root: folders are taken whole (every .ts file in
 * them, however deep), files one by one. A listed path that no longer exists is an error, so a rename is
 * noticed here rather than silently leaving the code out of the version.
 */
export const PIPELINE_SOURCES = [
  'src/core/pipeline',
  'src/core/hand',
  'src/core/binary',
  'src/analysis/replayAnalysis.ts',
  'src/analysis/windowPass.ts',
  'src/analysis/windowStates.ts',
  'src/analysis/windowRecorder.ts',
  'src/analysis/windowsNearPlayhead.ts',
  'src/analysis/precomputedRunner.ts',
  'src/analysis/resultsCodec.ts',
  'src/modelhost/onnxModel.ts',
];

function tsFilesUnder(root, dir) {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory()) return tsFilesUnder(root, path);
    return entry.isFile() && entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** The files PIPELINE_SOURCES names under `root`, sorted, '/'-separated and relative to `root`. */
export function pipelineSourceFiles(root, sources = PIPELINE_SOURCES) {
  const files = sources.flatMap((source) => {
    const full = join(root, source);
    if (!existsSync(full)) throw new Error(`scripts/pipelineVersion.mjs: ${source} is listed in PIPELINE_SOURCES but does not exist; update the list`);
    return statSync(full).isDirectory() ? tsFilesUnder(root, source) : [source];
  });
  return [...new Set(files)].sort();
}

/** SHA-256 (hex) of every pipeline source file's path and text, in path order. */
export function pipelineVersion(root, sources = PIPELINE_SOURCES) {
  const hash = createHash('sha256');
  for (const file of pipelineSourceFiles(root, sources)) {
    hash.update(file).update('\0').update(readFileSync(join(root, file))).update('\0');
  }
  return hash.digest('hex');
}

/**
 * The esbuild plugin behind `import PIPELINE_VERSION from 'landmark-lens:pipeline-version'`: the version
 * is taken again on every build, watch builds included (the sources are watched).
 */
export function pipelineVersionPlugin(root) {
  return {
    name: 'pipeline-version',
    setup(build) {
      build.onResolve({ filter: /^landmark-lens:pipeline-version$/ }, (args) => ({ path: args.path, namespace: 'pipeline-version' }));
      build.onLoad({ filter: /.*/, namespace: 'pipeline-version' }, () => {
        const files = pipelineSourceFiles(root);
        return {
          contents: `export default ${JSON.stringify(pipelineVersion(root))};`,
          loader: 'js',
          watchFiles: files.map((f) => join(root, f)),
          // A file added to a listed folder changes the version too.
          watchDirs: [...new Set(files.map((f) => join(root, dirname(f))))],
        };
      });
    },
  };
}
