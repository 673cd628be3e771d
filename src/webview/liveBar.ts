/**
 * Live panel: the server's statistics, Follow (stick to the newest frame) and Record, and once the panel
 * holds only the newest part of the session, a note saying so and where the older frames are.
 */
import type { LiveStatsMessage } from '../protocol/messages';
import { el, setText } from './dom';
import type { SessionStore } from './sessionStore';
import { button, setPressed } from './toolkit';

export class LiveBar {
  readonly element: HTMLElement;
  private stats: HTMLElement;
  private followButton: HTMLElement;
  private recordButton: HTMLElement;
  private recording = false;
  private held: HTMLElement;
  /** While recording: the folder, and the session frame the panel was at when the recording began. */
  private recordingSince: { folder: string; frame: number } | null = null;

  constructor(onFollow: () => void, onRecord: (start: boolean) => void) {
    this.stats = el('span', { class: 'live-stats', id: 'live-stats', 'aria-live': 'off' }, ['waiting for frames']);
    this.followButton = button({ label: 'Follow', ariaLabel: 'Follow the newest frame (F)', pressed: true, id: 'follow' }, onFollow);
    this.recordButton = button({ label: 'Record', ariaLabel: 'Record the live session to a file', secondary: true, pressed: false, id: 'record' }, () =>
      onRecord(!this.recording),
    );
    this.held = el('span', { class: 'live-held', id: 'live-held', hidden: true });
    this.element = el('div', { class: 'live-bar', role: 'group', 'aria-label': 'Live' }, [
      el('span', { class: 'live-dot', 'aria-hidden': 'true' }),
      this.stats,
      this.followButton,
      this.recordButton,
      this.held,
    ]);
  }

  setFollowing(on: boolean): void {
    setPressed(this.followButton, on);
    this.followButton.textContent = on ? 'Following' : 'Follow';
  }

  update(m: LiveStatsMessage, store: SessionStore): void {
    if (!m.recording) this.recordingSince = null;
    else if (!this.recordingSince || this.recordingSince.folder !== (m.recordingFolder ?? '')) {
      this.recordingSince = { folder: m.recordingFolder ?? '', frame: store.sessionFrames };
    }
    this.showHeld(store);
    const camera = m.cameraFrames > 0 || m.detector !== 'idle';
    const parts = [
      m.address,
      `${m.clients} client${m.clients === 1 ? '' : 's'}`,
      `${m.fps.toFixed(1)} fps`,
      `window ${m.windowSpanS.toFixed(1)} s`,
      // With camera frames the detector's time is shown apart from the model's.
      camera ? `model p50 ${m.latencyP50Ms.toFixed(0)} ms` : `latency p50 ${m.latencyP50Ms.toFixed(0)} ms`,
      ...(camera ? [detectorText(m)] : []),
      `sent ${m.repliesSent} / throttled ${m.repliesThrottled}`,
      ...(camera || m.noHand > 0 ? [`no hand ${m.noHand}${m.undecodable > 0 ? ` (${m.undecodable} not decodable)` : ''}`] : []),
      `dropped ${m.dropped}`,
    ];
    setText(this.stats, parts.join(' · '));
    this.stats.title = m.detector.startsWith('failed') ? `Hand detector: ${m.detector.slice('failed: '.length)}` : '';
    this.recording = m.recording;
    setPressed(this.recordButton, m.recording);
    setText(this.recordButton, m.recording ? 'Stop recording' : 'Record');
  }

  /** The note on what the panel holds, once it has dropped frames. */
  showHeld(store: SessionStore): void {
    this.held.hidden = store.dropped === 0;
    if (store.dropped === 0) return;
    const shown = `Showing the last ${spanText(store.endMs() - store.startMs())} (from frame ${store.dropped})`;
    const since = this.recordingSince;
    const folder = since?.folder ? ` in ${since.folder}` : '';
    const older =
      !since ? 'older frames were dropped (Record keeps them in a file)'
      : since.frame === 0 ? `older frames are in the recording${folder}`
      : since.frame < store.dropped ? `older frames from frame ${since.frame} are in the recording${folder}; those before were dropped`
      : 'older frames were dropped (recording began after them)';
    setText(this.held, `${shown}; ${older}.`);
  }
}

/** "45 s", "2.5 min", "10 min". */
function spanText(ms: number): string {
  const minutes = ms / 60_000;
  if (minutes < 1) return `${Math.round(ms / 1000)} s`;
  return `${minutes < 10 ? minutes.toFixed(1) : Math.round(minutes)} min`;
}

/** The detector's part of the live bar: its time per frame, or why there is none yet. */
function detectorText(m: LiveStatsMessage): string {
  if (m.detector.startsWith('failed')) return 'detector unavailable (see the notification)';
  if (m.detector === 'starting' && m.detectorP50Ms === 0) return 'detector starting…';
  return `detector p50 ${m.detectorP50Ms.toFixed(0)} ms`;
}
