import type { LiveDetectors, LiveFrameDetector } from '../core/live/liveDetector';
import type { DetectorSettings } from '../core/model/profile';
import { errorText } from '../core/errorText';
import { ChromiumMissingError, findChromium } from './findChromium';
import type { HeadlessDetectorOptions } from './headlessDetector';
import { HeadlessLiveDetectors } from './headlessLiveDetectors';

/** Where the detector is: not needed yet, Chromium starting, running, or failed to start (why). */
export type OnDemandDetectorState =
  | { kind: 'idle' }
  | { kind: 'starting' }
  | { kind: 'ready'; chromium: string }
  | { kind: 'failed'; message: string };

/**
 * HeadlessLiveDetectors started at the first camera frame, for a server that runs for a long time and
 * may never see one (the extension's): landmark clients never start Chromium. A missing Chromium is
 * answered at once, naming where a path can be given, and looked for again at the next client, so
 * installing one needs no restart; so is a Chromium that failed to start.
 */
export class OnDemandLiveDetectors implements LiveDetectors {
  private started: HeadlessLiveDetectors | null = null;
  private chromium = '';
  private lastState: OnDemandDetectorState = { kind: 'idle' };

  constructor(
    private readonly settings: DetectorSettings,
    private readonly shared: boolean,
    private readonly options: HeadlessDetectorOptions = {},
    /** Told whenever the state changes (the extension logs it and says so once to the user). */
    private readonly onState: (state: OnDemandDetectorState) => void = () => undefined,
  ) {}

  get state(): OnDemandDetectorState {
    return this.lastState;
  }

  forClient(clientId: number): LiveFrameDetector | { unavailable: string } {
    if (!this.started || this.started.unavailable) {
      try {
        this.chromium = findChromium(this.options.chromium, process.env, this.options.chromiumOption);
      } catch (err) {
        if (!(err instanceof ChromiumMissingError)) throw err;
        this.setState({ kind: 'failed', message: err.message });
        return { unavailable: err.message };
      }
      const previous = this.started;
      const started = new HeadlessLiveDetectors(this.settings, this.shared, { ...this.options, chromium: this.chromium });
      this.started = started;
      void previous?.close();
      this.setState({ kind: 'starting' });
      void started.ready.then((detector) => {
        if (this.started !== started) return;
        this.setState(detector ? { kind: 'ready', chromium: detector.chromiumPath } : { kind: 'failed', message: started.unavailable ?? 'the hand detector did not start' });
      });
    }
    return this.started.forClient(clientId);
  }

  /** Stops Chromium, if it was started. */
  async close(): Promise<void> {
    const started = this.started;
    this.started = null;
    try {
      await started?.close();
    } catch (err) {
      this.setState({ kind: 'failed', message: `closing the hand detector: ${errorText(err)}` });
    }
  }

  private setState(state: OnDemandDetectorState): void {
    this.lastState = state;
    this.onState(state);
  }
}
