// A V8 heap snapshot (.heapsnapshot JSON, from Chromium's HeapProfiler or node's v8.writeHeapSnapshot)
// summed by what its nodes are: count and self bytes per type and constructor (strings by length band),
// and what grew between two of them. Used by bench/live-memory.mjs --snapshot-at to find what a
// long live session keeps.

/** Map of "type name" -> { count, bytes } for a parsed snapshot. */
export function summarizeSnapshot(snapshot) {
  const { node_fields: fields, node_types: types } = snapshot.snapshot.meta;
  const typeNames = types[0];
  const width = fields.length;
  const at = (f) => fields.indexOf(f);
  const [typeAt, nameAt, sizeAt] = [at('type'), at('name'), at('self_size')];
  const { nodes, strings } = snapshot;
  const groups = new Map();
  for (let i = 0; i < nodes.length; i += width) {
    const type = typeNames[nodes[i + typeAt]];
    const size = nodes[i + sizeAt];
    let key;
    if (type === 'string' || type === 'concatenated string' || type === 'sliced string') {
      const length = strings[nodes[i + nameAt]].length;
      key = `${type} (${length < 64 ? '< 64' : length < 1024 ? '64-1023' : '>= 1024'} chars)`;
    } else if (type === 'number' || type === 'hidden' || type === 'code' || type === 'array') key = `${type} ${strings[nodes[i + nameAt]].slice(0, 40)}`;
    else key = `${type} ${strings[nodes[i + nameAt]].slice(0, 60)}`;
    const g = groups.get(key) ?? { count: 0, bytes: 0 };
    g.count++;
    g.bytes += size;
    groups.set(key, g);
  }
  return groups;
}

/** The groups that grew most from `a` to `b` (summaries), by bytes, and the strings': [{ key, count, bytes }] (differences). */
export function snapshotGrowth(a, b, top = 15) {
  const keys = new Set([...a.keys(), ...b.keys()]);
  const rows = [...keys].map((key) => {
    const x = a.get(key) ?? { count: 0, bytes: 0 };
    const y = b.get(key) ?? { count: 0, bytes: 0 };
    return { key, count: y.count - x.count, bytes: y.bytes - x.bytes, countAfter: y.count, bytesAfter: y.bytes };
  });
  rows.sort((p, q) => q.bytes - p.bytes || q.count - p.count);
  // Strings too, however little they grew: a live session's texts are the usual suspects.
  return rows.filter((r, i) => i < top || r.key.startsWith('string'));
}

/** Reads a snapshot streamed in chunks by a CDP session (HeapProfiler.takeHeapSnapshot). */
export async function takeCdpSnapshot(cdp) {
  const chunks = [];
  const onChunk = (e) => chunks.push(e.chunk);
  cdp.on('HeapProfiler.addHeapSnapshotChunk', onChunk);
  try {
    await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
  } finally {
    cdp.off('HeapProfiler.addHeapSnapshotChunk', onChunk);
  }
  return JSON.parse(chunks.join(''));
}
