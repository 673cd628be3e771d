import type { EvaluationShownMessage, KnobsAppliedMessage, RenderedMessage } from '../../protocol/messages';
import type { AttributionShown } from './replayAttribution';

/**
 * What a replay webview reported back (its `rendered` report, the knobs it applied, the figures its metrics
 * view shows) and what it was shown (images, attributions), with the promises that wait for a report.
 * The test API and the output log read it through the panel's snapshot.
 */
export class WebviewReports {
  rendered: RenderedMessage | undefined;
  evaluationsShown: (EvaluationShownMessage['figures'] | null)[] = [];
  attribution: AttributionShown | undefined;
  imagesSent = 0;
  private readonly renderWaiters: Array<(message: RenderedMessage) => void> = [];
  private readonly knobWaiters: Array<(message: KnobsAppliedMessage) => void> = [];

  /** Resolves with the webview's `rendered` report (at once when it already came). */
  whenRendered(): Promise<RenderedMessage> {
    if (this.rendered) return Promise.resolve(this.rendered);
    return new Promise((resolve) => this.renderWaiters.push(resolve));
  }

  onRendered(message: RenderedMessage): void {
    this.rendered = message;
    for (const resolve of this.renderWaiters.splice(0)) resolve(message);
  }

  /** Resolves with the next `knobsApplied` report not yet claimed. */
  whenKnobsApplied(): Promise<KnobsAppliedMessage> {
    return new Promise((resolve) => this.knobWaiters.push(resolve));
  }

  onKnobsApplied(message: KnobsAppliedMessage): void {
    this.knobWaiters.shift()?.(message);
  }

  /** The panel reloads: the webview renders the new session and evaluates it again. */
  forgetRendering(): void {
    this.rendered = undefined;
    this.evaluationsShown = [];
  }

  /** The panel closed: nobody is waiting any more. */
  dropWaiters(): void {
    this.renderWaiters.length = 0;
    this.knobWaiters.length = 0;
  }
}
