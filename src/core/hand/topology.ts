/** MediaPipe Hands point order: 0 wrist; 1-4 thumb; 5-8 index; 9-12 middle; 13-16 ring; 17-20 pinky. */
export const POINT_COUNT = 21;
export const COORDS_PER_POINT = 3;
/** The values of one frame's hand (x0, y0, z0, x1, ...): a landmarks array, a window's row, a wire array's stride. */
export const VALUES_PER_FRAME = POINT_COUNT * COORDS_PER_POINT;

export const POINT_NAMES: readonly string[] = [
  'WRIST',
  'THUMB_CMC', 'THUMB_MCP', 'THUMB_IP', 'THUMB_TIP',
  'INDEX_FINGER_MCP', 'INDEX_FINGER_PIP', 'INDEX_FINGER_DIP', 'INDEX_FINGER_TIP',
  'MIDDLE_FINGER_MCP', 'MIDDLE_FINGER_PIP', 'MIDDLE_FINGER_DIP', 'MIDDLE_FINGER_TIP',
  'RING_FINGER_MCP', 'RING_FINGER_PIP', 'RING_FINGER_DIP', 'RING_FINGER_TIP',
  'PINKY_MCP', 'PINKY_PIP', 'PINKY_DIP', 'PINKY_TIP',
];

export type FingerName = 'thumb' | 'index' | 'middle' | 'ring' | 'pinky';

/** Point indices of each finger, from its base joint to its tip. */
export const FINGERS: Readonly<Record<FingerName, readonly number[]>> = {
  thumb: [1, 2, 3, 4],
  index: [5, 6, 7, 8],
  middle: [9, 10, 11, 12],
  ring: [13, 14, 15, 16],
  pinky: [17, 18, 19, 20],
};

/** Bones as point-index pairs, MediaPipe's HAND_CONNECTIONS. */
export const BONES: readonly (readonly [number, number])[] = [
  [0, 1], [1, 2], [2, 3], [3, 4],
  [0, 5], [5, 6], [6, 7], [7, 8],
  [5, 9], [9, 10], [10, 11], [11, 12],
  [9, 13], [13, 14], [14, 15], [15, 16],
  [13, 17], [0, 17], [17, 18], [18, 19], [19, 20],
];
