import type { Session } from '../../core/session/types';
import type { ProblemInfo, SessionInfo } from '../../protocol/messages';

export function sessionInfo(session: Session, file: string): SessionInfo {
  const frames = session.frames;
  return {
    frameCount: frames.length,
    fps: typeof session.header.fps === 'number' ? session.header.fps : 0,
    source: typeof session.header.source === 'string' ? session.header.source : '',
    file,
    startMs: frames.length ? frames[0].t : 0,
    endMs: frames.length ? frames[frames.length - 1].t : 0,
  };
}

export function problemInfos(session: Pick<Session, 'problems'>): ProblemInfo[] {
  return session.problems.map((p) => ({ file: p.file, line: p.line, field: p.field, message: p.message }));
}
