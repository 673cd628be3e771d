/**
 * A replay's webview asks for the data around the playhead when the playhead lands where none has arrived
 * yet (the extension then sends that part first); the same range is asked for once.
 */
import { STATUS_PENDING, type RequestRangeMessage } from '../protocol/messages';
import type { SessionStore } from './sessionStore';

/** Frames asked for before and after the playhead. */
const BEFORE = 300;
const AFTER = 600;

export class RangeRequests {
  private last = '';

  /** The request for the data around `frame`, or null when it is here or was just asked for. */
  around(store: SessionStore, frame: number): RequestRangeMessage | null {
    if (store.frameKnown[frame] && store.status[frame] !== STATUS_PENDING) return null;
    const start = Math.max(0, frame - BEFORE);
    const end = Math.min(store.frameCount, frame + AFTER);
    const key = `${start}:${end}`;
    if (key === this.last) return null;
    this.last = key;
    return { type: 'requestRange', start, end };
  }
}
