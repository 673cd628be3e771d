/**
 * What the keyboard shortcuts and the toolbar's buttons do (the keys are in shortcuts.ts). The help
 * overlay's keys work before a session arrives; the rest act on the current panel.
 */
import type { WebviewToExtension } from '../protocol/messages';
import type { PanelContext } from './panelView';
import type { Action } from './shortcuts';

/** The keyboard help overlay, as the actions use it. */
export interface Help {
  readonly visible: boolean;
  toggle(): void;
  hide(): void;
}

/** The current panel, as the actions use it. */
export interface ActionScope {
  readonly ctx: PanelContext;
  /** The probability chart as a PNG data URL. */
  probabilityPng(): string;
  /** The hand as recorded (camera image, skeleton) at the playhead as a PNG data URL. */
  handPng(): string;
}

export class Actions {
  constructor(
    private readonly help: Help,
    private readonly scope: () => ActionScope | null,
    private readonly post: (message: WebviewToExtension) => void,
  ) {}

  /** Runs `action`; false when it does not apply now (the key then keeps its default). */
  run(action: Action): boolean {
    if (action === 'help') {
      this.help.toggle();
      return true;
    }
    if (action === 'close') {
      if (!this.help.visible) return false;
      this.help.hide();
      return true;
    }
    if (this.help.visible) return false;
    const ctx = this.scope()?.ctx;
    return ctx ? this.runOnPanel(action, ctx) : false;
  }

  private runOnPanel(action: Action, ctx: PanelContext): boolean {
    const { playback, store, view } = ctx;
    const jump = (dir: 1 | -1, test: (i: number) => boolean): void => {
      const f = store.findFrame(playback.frame, dir, test);
      if (f >= 0) {
        playback.pause();
        playback.seek(f);
      }
    };
    switch (action) {
      case 'togglePlay':
        // Live: the first press stops following and holds the playhead where it is.
        if (playback.following) {
          playback.setFollowing(false);
          this.post({ type: 'follow', on: false });
        } else playback.toggle();
        break;
      case 'stepBack':
        playback.step(-1);
        break;
      case 'stepForward':
        playback.step(1);
        break;
      case 'prevReply':
        jump(-1, (i) => store.sent[i] === 1);
        break;
      case 'nextReply':
        jump(1, (i) => store.sent[i] === 1);
        break;
      case 'prevEmission':
        jump(-1, (i) => store.emitted[i] >= 0);
        break;
      case 'nextEmission':
        jump(1, (i) => store.emitted[i] >= 0);
        break;
      case 'prevError':
      case 'nextError': {
        const f = ctx.evaluation.error(playback.frame, action === 'nextError' ? 1 : -1);
        if (f === null) return false;
        playback.pause();
        playback.seek(f);
        break;
      }
      case 'slower':
        playback.nudgeSpeed(-1);
        break;
      case 'faster':
        playback.nudgeSpeed(1);
        break;
      case 'toggleLoop':
        if (!playback.selection) {
          playback.setSelection({ startFrame: store.frameAtTime(view.startMs), endFrame: store.frameAtTime(view.endMs) });
          playback.setLoop(true);
        } else playback.setLoop(!playback.loopOn);
        break;
      case 'first':
        playback.pause();
        playback.seek(0);
        break;
      case 'last':
        playback.pause();
        playback.seek(playback.lastFrame());
        break;
      case 'zoomIn':
        view.zoom(0.5, store.timeOf(playback.frame));
        break;
      case 'zoomOut':
        view.zoom(2, store.timeOf(playback.frame));
        break;
      case 'zoomFit':
        view.fit();
        break;
      case 'toggleHandFraming':
        ctx.choices.set('hand', ctx.choices.get('hand') === 'fit' ? 'image' : 'fit');
        break;
      case 'exportHand':
        this.exportHandPng();
        break;
      case 'toggleHandImage':
        // Sessions with images, and live panels while the followed client sends camera frames.
        if (!ctx.init.session.images && ctx.store.camera !== true) return false;
        ctx.choices.set('handImage', !ctx.choices.get('handImage'));
        break;
      case 'follow':
        if (ctx.init.mode !== 'live') return false;
        playback.setFollowing(!playback.following);
        if (!playback.following) this.post({ type: 'follow', on: false });
        break;
      default:
        return false;
    }
    return true;
  }

  exportCsv(): void {
    const scope = this.scope();
    if (scope) this.post({ type: 'exportCsv', name: `${sessionBaseName(scope.ctx)}.results.csv` });
  }

  exportPng(): void {
    const scope = this.scope();
    if (scope) this.post({ type: 'exportPng', name: `${sessionBaseName(scope.ctx)}.probabilities.png`, dataUrl: scope.probabilityPng() });
  }

  exportHandPng(): void {
    const scope = this.scope();
    if (!scope) return;
    const frame = scope.ctx.playback.frame;
    this.post({ type: 'exportPng', name: `${sessionBaseName(scope.ctx)}.frame-${frame}.png`, dataUrl: scope.handPng() });
  }
}

/** The session's file name without its extension, for export file names. */
function sessionBaseName({ init }: PanelContext): string {
  const name = init.session.file.split(/[\\/]/).pop() || init.title || 'session';
  return name.replace(/\.landmarks\.jsonl$/i, '').replace(/\.[^.]+$/, '') || 'session';
}
