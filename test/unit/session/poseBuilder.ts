/** A .pose file built byte by byte, version 0.1 or 0.2, with one or two 21-point hand components. */
export function buildPose(opts: { version: 0.1 | 0.2; fps: number; width: number; height: number; frames: { left?: number[][] | null; right?: number[][] | null }[]; declaredFrames?: number; truncateBytes?: number }): Uint8Array {
  const parts: number[] = [];
  const u16 = (v: number) => parts.push(v & 0xff, (v >> 8) & 0xff);
  const u32 = (v: number) => { u16(v & 0xffff); u16(v >>> 16); };
  const f32 = (v: number) => {
    const b = new Uint8Array(new Float32Array([v]).buffer);
    parts.push(...b);
  };
  const str = (s: string) => {
    const b = Buffer.from(s, 'utf8');
    u16(b.length);
    parts.push(...b);
  };
  f32(opts.version);
  u16(opts.width); u16(opts.height); u16(0);
  const comps = ['LEFT_HAND_LANDMARKS', 'RIGHT_HAND_LANDMARKS'];
  u16(comps.length);
  for (const name of comps) {
    str(name); str('XYZC'); u16(21); u16(1); u16(1);
    for (let p = 0; p < 21; p++) str(`P${p}`);
    u16(0); u16(1);
    u16(255); u16(0); u16(0);
  }
  if (opts.version === 0.1) { u16(opts.fps); u16(opts.frames.length); } else { f32(opts.fps); u32(opts.declaredFrames ?? opts.frames.length); }
  u16(1);
  for (const f of opts.frames) for (const side of ['left', 'right'] as const) for (let p = 0; p < 21; p++) { const pt = f[side]?.[p] ?? [0, 0, 0]; f32(pt[0]); f32(pt[1]); f32(pt[2]); }
  for (const f of opts.frames) for (const side of ['left', 'right'] as const) for (let p = 0; p < 21; p++) f32(f[side] ? 0.9 : 0);
  const bytes = Uint8Array.from(parts);
  return opts.truncateBytes ? bytes.subarray(0, bytes.length - opts.truncateBytes) : bytes;
}

