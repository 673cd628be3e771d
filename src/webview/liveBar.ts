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
    const parts = [
      m.address,
      `${m.clients} client${m.clients === 1 ? '' : 's'}`,
      `${m.fps.toFixed(1)} fps`,
      `window ${m.windowSpanS.toFixed(1)} s`,
      `latency p50 ${m.latencyP50Ms.toFixed(0)} ms`,
      `sent ${m.repliesSent} / throttled ${m.repliesThrottled}`,
      `dropped ${m.dropped}`,
    ];
    setText(this.stats, parts.join(' · '));
    this.recording = m.recording;
    setPressed(this.recordButton, m.recording);
    setText(this.recordButton, m.recording ? 'Stop recording' : 'Record');
  }
}
