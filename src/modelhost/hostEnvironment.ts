/** glibc's malloc tunable that asks for transparent huge pages on the memory it maps (glibc 2.35 and later). */
export const HUGE_PAGES_TUNABLE = 'glibc.malloc.hugetlb=1';

/**
 * The model host's environment: the parent's, with glibc's malloc asked for transparent huge pages on Linux.
 * onnxruntime's buffers are fresh memory the first runs touch page by page (~40 MB for a request of 64
 * windows of the seed-size model, the model's 9 MB and its packed weights more): on a VM each 4 KB page
 * fault is costly, and with 2 MB pages the host's model load and first runs take about half the CPU.
 * Where the kernel does not allow huge pages, or the C library is not glibc, the tunable changes
 * nothing. Results are the same: only how memory is mapped changes. A tunable the user set is kept.
 */
export function hostEnvironment(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): NodeJS.ProcessEnv {
  if (platform !== 'linux') return env;
  const tunables = env.GLIBC_TUNABLES ?? '';
  if (/(^|:)glibc\.malloc\.hugetlb=/.test(tunables)) return env;
  return { ...env, GLIBC_TUNABLES: tunables ? `${tunables}:${HUGE_PAGES_TUNABLE}` : HUGE_PAGES_TUNABLE };
}
