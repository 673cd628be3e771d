/** Live panel: the server's statistics, Follow (stick to the newest frame) and Record. */
import type { LiveStatsMessage } from '../protocol/messages';
import { el, setText } from './dom';
import { button, setPressed } from './toolkit';

export class LiveBar {
  readonly element: HTMLElement;
  private stats: HTMLElement;
  private followButton: HTMLElement;
  private recordButton: HTMLElement;
  private recording = false;

  constructor(onFollow: () => void, onRecord: (start: boolean) => void) {
    this.stats = el('span', { class: 'live-stats', id: 'live-stats', 'aria-live': 'off' }, ['waiting for frames']);
    this.followButton = button({ label: 'Follow', ariaLabel: 'Follow the newest frame (F)', pressed: true, id: 'follow' }, onFollow);
    this.recordButton = button({ label: 'Record', ariaLabel: 'Record the live session to a file', secondary: true, pressed: false, id: 'record' }, () =>
      onRecord(!this.recording),
    );
    this.element = el('div', { class: 'live-bar', role: 'group', 'aria-label': 'Live' }, [
      el('span', { class: 'live-dot', 'aria-hidden': 'true' }),
      this.stats,
      this.followButton,
      this.recordButton,
    ]);
  }

  setFollowing(on: boolean): void {
    setPressed(this.followButton, on);
    this.followButton.textContent = on ? 'Following' : 'Follow';
  }

  update(m: LiveStatsMessage): void {
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
}

/** The detector's part of the live bar: its time per frame, or why there is none yet. */
function detectorText(m: LiveStatsMessage): string {
  if (m.detector.startsWith('failed')) return 'detector unavailable (see the notification)';
  if (m.detector === 'starting' && m.detectorP50Ms === 0) return 'detector starting…';
  return `detector p50 ${m.detectorP50Ms.toFixed(0)} ms`;
}
