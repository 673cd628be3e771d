/** The "Model and profile" card: the model and its resolved pipeline profile, with where each value came from, and the warnings. */
import type { ModelPanelInfo, TensorDisplay } from '../../protocol/messages';
import { el } from '../dom';
import type { Card, PanelContext } from '../panelView';
import { cardSection } from './cardSection';
import { KnobController } from '../knobs/knobController';
import { KnobsView } from '../knobs/knobsView';

function formatValue(value: unknown): string {
  if (Array.isArray(value)) {
    return value.length > 8 ? `${value.length} labels: ${value.slice(0, 4).join(', ')}, …, ${value.slice(-2).join(', ')}` : value.join(', ');
  }
  if (typeof value === 'object' && value !== null) return JSON.stringify(value);
  if (value === '') return '(first)';
  return String(value);
}

function tensor(t: TensorDisplay): string {
  return `${t.name} ${t.elementType} [${t.dims.join(', ')}]`;
}

function renderModelPanel(info: ModelPanelInfo | null): HTMLElement {
  if (!info) return el('p', { class: 'muted' }, ['No model information.']);
  const rows = (Object.keys(info.profile) as (keyof typeof info.profile)[]).map((key) =>
    el('tr', {}, [
      el('th', { scope: 'row' }, [key]),
      el('td', {}, [formatValue(info.profile[key])]),
      el('td', {}, [el('span', { class: `source source-${info.sources[key]}` }, [info.sources[key]])]),
    ]),
  );
  const signature = info.signature
    ? el('ul', { class: 'plain' }, [
        ...info.signature.inputs.map((t) => el('li', {}, ['input ', el('code', {}, [tensor(t)])])),
        ...info.signature.outputs.map((t) => el('li', {}, ['output ', el('code', {}, [tensor(t)])])),
      ])
    : el('p', { class: 'muted' }, ['Signature not available.']);
  return el('div', { class: 'model-panel' }, [
    el('div', { class: 'model-path' }, [el('code', {}, [info.path])]),
    signature,
    ...(info.warnings.length
      ? [el('ul', { class: 'warnings', 'aria-label': 'Model warnings' }, info.warnings.map((w) => el('li', {}, [w])))]
      : []),
    el('table', { class: 'profile', 'aria-label': 'Resolved pipeline profile' }, [
      el('thead', {}, [el('tr', {}, [el('th', {}, ['field']), el('th', {}, ['value']), el('th', {}, ['source'])])]),
      el('tbody', {}, rows),
    ]),
  ]);
}

/** The card's view for the tests and the benchmark: the knobs' controller (replay panels with a model). */
export interface ModelCardView {
  knobs: KnobController | null;
}

export class ModelCard implements Card<ModelCardView> {
  readonly element: HTMLElement;
  readonly view: ModelCardView;

  constructor(ctx: PanelContext) {
    const model = ctx.init.model;
    // Knobs only where a whole session's window outputs are held: a replay with a model.
    const knobs =
      model && ctx.init.mode === 'replay'
        ? new KnobController({
            store: ctx.store,
            profile: model.profile,
            post: (message) => ctx.post(message),
            redraw: (windowsChanged) => (windowsChanged ? ctx.requestDraw(true) : ctx.requestRepliesDraw()),
            // A task, not an animation frame: changes queued meanwhile coalesce, and the draw it asks for
            // is made in that task, so the next frame only paints it.
            schedule: (apply) => setTimeout(apply, 0),
            idle: (work) => (typeof requestIdleCallback === 'function' ? requestIdleCallback(() => work(), { timeout: 1000 }) : setTimeout(work, 0)),
          })
        : null;
    this.view = { knobs };
    const knobsView = knobs && model ? [new KnobsView(knobs, model.profile, model.sources, (message) => ctx.post(message)).element] : [];
    // Knobs and the resolved profile side by side once the card spans two grid columns.
    this.element = cardSection('card-model', 'Model and profile', 'model', [el('div', { class: 'model-body' }, [...knobsView, renderModelPanel(model)])]);
  }

  render(): void {
    // Nothing moves with the playhead.
  }
}
