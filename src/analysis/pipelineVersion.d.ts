// The build provides this module (scripts/pipelineVersion.mjs, through esbuild.mjs): the pipeline's version.
declare module 'landmark-lens:pipeline-version' {
  const version: string;
  export default version;
}
