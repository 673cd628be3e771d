/** The "Reply and transcript" card: the pipeline's state, reply and transcript at the playhead. */
import type { Card, FrameChanges, PanelContext } from '../panelView';
import { ReplyReadout } from '../replyReadout';
import { cardSection } from './cardSection';

export class ReplyCard implements Card<ReplyReadout> {
  readonly element: HTMLElement;
  readonly view: ReplyReadout;

  constructor(private readonly ctx: PanelContext) {
    this.view = new ReplyReadout(ctx.store);
    this.view.windowSize = ctx.init.windowSize;
    this.view.smoothingWindow = ctx.init.smoothingWindow;
    this.element = cardSection('card-reply', 'Reply and transcript', '', [this.view.element]);
  }

  render({ frame }: FrameChanges): void {
    this.view.analysisStopped = this.ctx.analysis.stopped;
    this.view.update(frame);
  }
}
