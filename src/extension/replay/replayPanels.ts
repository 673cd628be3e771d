import type { ReplayPanel, ReplayPanelSnapshot } from './replayPanel';

/** The open replay panels (command, serializer and custom editor alike). */
export class ReplayPanels {
  private readonly open = new Map<string, ReplayPanel>();
  private readonly lastRender = new Map<string, ReplayPanelSnapshot['rendered']>();

  add(panel: ReplayPanel): ReplayPanel {
    this.open.set(panel.id, panel);
    panel.whenRendered().then((rendered) => this.lastRender.set(panel.id, rendered));
    panel.onDidDispose(() => this.open.delete(panel.id));
    return panel;
  }

  get(id: string): ReplayPanel | undefined {
    return this.open.get(id);
  }

  list(): ReplayPanel[] {
    return [...this.open.values()];
  }

  /** The `rendered` report of a panel, kept after the panel closed. */
  lastRendered(id: string): ReplayPanelSnapshot['rendered'] {
    return this.open.get(id)?.snapshot().rendered ?? this.lastRender.get(id);
  }
}
