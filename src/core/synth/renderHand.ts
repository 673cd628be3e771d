import type { Vec3 } from './rotation';
import { add, apply } from './rotation';
import type { HandState } from './handState';
import type { Signer } from './signer';
import { handPointsLocal, handRotation } from './forwardKinematics';
import type { PinholeCamera } from './camera';
import { projectToImage, unproject, WEBCAM } from './camera';
import { appearanceProportions, appearanceShape, MEDIAPIPE_APPEARANCE } from './mediapipeAppearance';
import { VALUES_PER_FRAME } from '../hand/topology';

/**
 * The 21 points of a hand state in the camera frame (metres), before projection and noise: the anatomical
 * hand, or with `asMediapipe` the points MediaPipe would report for it (see mediapipeAppearance.ts).
 */
export function handPointsInCamera(state: HandState, signer: Signer, camera: PinholeCamera = WEBCAM, asMediapipe = false): Vec3[] {
  const local = asMediapipe
    ? handPointsLocal(appearanceShape(state.shape), appearanceProportions(signer.proportions))
    : handPointsLocal(state.shape, signer.proportions);
  const rotation = handRotation(state.roll + signer.rollBias, state.pitch + signer.pitchBias, state.yaw + signer.yawBias);
  const wrist = add(unproject(signer.homeX, signer.homeY, signer.distance, camera), state.offset);
  return local.map((p) => add(wrist, apply(rotation, p)));
}

/**
 * MediaPipe-like landmarks (63 values) of a hand state: MediaPipe's appearance of the hand, projected,
 * its relative depth scaled as MediaPipe's, with detection jitter from `noise` (a standard normal
 * source), mirrored for a left hand, wrist z exactly 0.
 */
export function renderLandmarks(
  state: HandState,
  signer: Signer,
  noise: () => number,
  camera: PinholeCamera = WEBCAM,
): Float64Array {
  const image = projectToImage(handPointsInCamera(state, signer, camera, true), camera);
  const depthScale = MEDIAPIPE_APPEARANCE.depthScale;
  const out = new Float64Array(VALUES_PER_FRAME);
  image.forEach(([x, y, z], i) => {
    const jx = x + signer.jitter * noise();
    const jy = y + signer.jitter * noise();
    const jz = i === 0 ? 0 : depthScale * z + 1.5 * signer.jitter * noise();
    // A left hand is the mirror image of a right one: mirroring the image keeps every other trait.
    out[i * 3] = signer.handedness === 'Left' ? 1 - jx : jx;
    out[i * 3 + 1] = jy;
    out[i * 3 + 2] = jz;
  });
  return out;
}
