import type { Session } from '../core/session/types';
import type { ProblemInfo, SessionInfo } from '../protocol/messages';
import { frameCount, frameTime } from '../analysis/sessionFrames';

export function sessionInfo(session: Session, file: string): SessionInfo {
  const count = frameCount(session);
  const { width, height, images } = session.header;
  const sized = typeof width === 'number' && typeof height === 'number' && width > 0 && height > 0;
  return {
    ...(sized ? { imageAspect: width / height } : {}),
    ...(typeof images === 'string' ? { imagesFolder: images } : {}),
    frameCount: count,
    fps: typeof session.header.fps === 'number' ? session.header.fps : 0,
    source: typeof session.header.source === 'string' ? session.header.source : '',
    file,
    startMs: count ? frameTime(session, 0) : 0,
    endMs: count ? frameTime(session, count - 1) : 0,
  };
}

export function problemInfos(session: Pick<Session, 'problems'>): ProblemInfo[] {
  return session.problems.map((p) => ({ file: p.file, line: p.line, field: p.field, message: p.message }));
}
