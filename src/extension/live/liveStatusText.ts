import type { LiveServerFigures } from '../../liveserver/liveServer';

export type LiveServerState =
  | { kind: 'stopped' }
  | { kind: 'starting' }
  | { kind: 'listening'; address: string; figures: LiveServerFigures; recording: boolean }
  | { kind: 'failed'; message: string };

/** The status bar item's text and tooltip for a server state (no vscode here, so it is unit tested). */
export function describe(state: LiveServerState): { text: string; tooltip: string } {
  switch (state.kind) {
    case 'stopped':
      return { text: '$(debug-disconnect) Live: stopped', tooltip: 'Landmark Lens live server: stopped' };
    case 'starting':
      return { text: '$(loading~spin) Live: starting', tooltip: 'Landmark Lens live server: loading the model' };
    case 'failed':
      return { text: '$(error) Live: failed', tooltip: `Landmark Lens live server: ${state.message}` };
    case 'listening': {
      const f = state.figures;
      const clients = `${f.clients} client${f.clients === 1 ? '' : 's'}`;
      const rec = state.recording ? '$(record) ' : '';
      const refused = f.refused > 0 ? ` · $(warning) ${f.refused} refused` : '';
      const text = `${rec}$(radio-tower) ${state.address.replace(/^ws:\/\//, '')} · ${clients} · ${f.fps.toFixed(1)} fps · ${f.dropped} dropped${refused}`;
      const latency = Number.isFinite(f.latencyP50Ms) ? `${f.latencyP50Ms.toFixed(1)} ms p50` : 'n/a';
      const tooltip = [
        `Landmark Lens live server on ${state.address}${state.recording ? ' (recording)' : ''}`,
        `${clients}, ${f.fps.toFixed(1)} frames/s, window ${f.windowSpanS.toFixed(1)} s`,
        `inference ${latency}; replies ${f.repliesSent} sent, ${f.repliesThrottled} throttled`,
        ...(f.cameraFrames > 0
          ? [
              `camera frames: ${f.cameraFrames}; detector ${Number.isFinite(f.detectorP50Ms) ? `${f.detectorP50Ms.toFixed(1)} ms p50` : 'n/a'}; ` +
                `${f.noHand} without a hand (${f.undecodable} not decodable)`,
            ]
          : []),
        `${f.dropped} frames dropped while the model was busy; ${f.errors} messages not understood`,
        ...(f.refused > 0
          ? [`${f.refused} connection${f.refused === 1 ? '' : 's'} refused (a browser page, a foreign Host, over the client limit, or not reading replies); see the Landmark Lens log`]
          : []),
        'Click to open the live debug panel',
      ].join('\n');
      return { text, tooltip };
    }
  }
}
