/**
 * The replay panel's knobs, live: holds the knob values, and on a change recomputes the replies, throttle
 * marks, transcript and figures from the window distributions the panel already holds (replyPass), once
 * for however many changes came before the host's scheduled call. The model does not run for these; a knob that
 * needs it (window size, normalization, input layout) is only reported, for the view to offer a re-run.
 */
import type { PipelineProfile, SoftmaxPolicy } from '../../core/model/profile';
import { distributionsFor, replyColumns, replyPass, PASS_READY, STEP_BUFFERING, STEP_NO_HAND, STEP_WINDOW, type ReplyColumns, type WindowOutputs } from '../../core/pipeline/replyPass';
import { ReplyPassInStretches } from '../../core/pipeline/replyPassInStretches';
import { FrameScoring } from '../../core/evaluation/frameScoring';
import { roundLikePython } from '../../core/pipeline/roundHalfEven';
import { errorText } from '../../core/errorText';
import { STATUS_BUFFERING, STATUS_NAMES, STATUS_NO_HAND, STATUS_READY, STATUS_SMOOTHING, type KnobValues, type KnobsAppliedMessage } from '../../protocol/messages';
import type { SessionStore } from '../sessionStore';
import { StretchSizer } from './stretchSizer';
import { warmUpColumnWrites } from '../replyColumnsWrite';
import { editedKnobs, knobField, knobsOfProfile, profileWithKnobs, targetChoice, type KnobName } from './knobFields';

/** What the pipeline gives with some knob values: the figures the knobs view shows. */
export interface KnobFigures {
  repliesSent: number;
  transcript: string;
  /** Null without label spans (or with no frame scored). */
  frameAccuracy: number | null;
  cer: number | null;
}

export interface KnobState {
  values: KnobValues;
  edited: KnobName[];
  /** Edited knobs that need the model to run again (not recomputed). */
  needsModel: KnobName[];
  /** The figures with the current values, and with the resolved profile's; null until first applied. */
  figures: KnobFigures | null;
  resolvedFigures: KnobFigures | null;
  /** Why the values could not be applied (the analysis is not complete, or the policy needs the model). */
  error: string | null;
}

export interface KnobHost {
  readonly store: SessionStore;
  /** The resolved profile the analysis ran with. */
  readonly profile: PipelineProfile;
  post(message: KnobsAppliedMessage): void;
  /** The store's results changed: redraw traces and overlays; `windowsChanged`: the window distributions too. */
  redraw(windowsChanged: boolean): void;
  /** Runs `apply` soon (a later task): changes made before it coalesce. */
  schedule(apply: () => void): void;
  /** Runs `work` when the page is idle (a task of its own), for preparation no one waits for. */
  idle(work: () => void): void;
}

/** Frames of rows an idle task of the preparation copies: a few milliseconds. */
const COPY_FRAMES = 8192;
/** The whole pass's stretches: sized for about this long an idle task, however loaded the machine. */
const PASS_BUDGET_MS = 6;
/** The most frames a stretch of the whole pass: should the engine drop its optimized code in one, a few tens of milliseconds. */
const PASS_MAX_FRAMES = 8192;

export class KnobController {
  readonly resolved: KnobValues;
  private values: KnobValues;
  private outputs: WindowOutputs | null = null;
  /** The window outputs while their rows are copied from the store, a stretch an idle task; `copied` frames so far. */
  private gathering: { outputs: WindowOutputs; copied: number } | null = null;
  /** Changes applied so far: the preparation leaves the columns alone once one came. */
  private changesApplied = 0;
  private readonly distributions = new Map<SoftmaxPolicy, Float32Array>();
  /** The policy whose distributions the store's `probs` hold now. */
  private storePolicy: SoftmaxPolicy;
  private columns: ReplyColumns | null = null;
  /** The smoothing the store holds (ReplyColumns.smoothing of the columns applied last). */
  private storedSmoothing: ReplyColumns['smoothing'] = null;
  private scheduled = false;
  private report = false;
  private state: KnobState;
  private readonly listeners: Array<(state: KnobState) => void> = [];
  private scoring: FrameScoring | null = null;
  /** Frame accuracy depends on the smoothing only, the CER on the transcript only: each is kept for its key. */
  private lastAccuracy: { smoothing: ReplyColumns['smoothing']; value: number | null } | null = null;
  private lastCer: { transcript: string; value: number | null } | null = null;
  private preparing = false;
  /** How long the idle preparation took from its start to its last step (null until done); the benchmark reads it. */
  preparedAfterMs: number | null = null;

  /** `stretchFrames`: frames an idle task of the preparation copies or passes over (by default sized for a few milliseconds). */
  constructor(
    private readonly host: KnobHost,
    private readonly stretchFrames?: number,
  ) {
    this.resolved = knobsOfProfile(host.profile);
    this.values = { ...this.resolved };
    this.storePolicy = host.profile.softmax;
    this.state = { values: this.values, edited: [], needsModel: [], figures: null, resolvedFigures: null, error: null };
  }

  /** The model's class labels (the target letters). */
  get labels(): readonly string[] {
    return this.host.profile.labels;
  }

  get current(): KnobState {
    return this.state;
  }

  onChange(listener: (state: KnobState) => void): void {
    this.listeners.push(listener);
  }

  /** Sets knob values (checked by the caller with parseKnob); applied by the host's scheduled call. */
  set(values: Partial<KnobValues>, options: { reset?: boolean; report?: boolean } = {}): void {
    this.values = { ...(options.reset ? this.resolved : this.values), ...values };
    if (options.report) this.report = true;
    if (this.scheduled) return;
    this.scheduled = true;
    this.host.schedule(() => {
      this.scheduled = false;
      this.apply();
    });
  }

  reset(): void {
    this.set({}, { reset: true });
  }

  /** Applies the values now (the scheduled call; tests and the benchmark call it directly). */
  apply(): void {
    const values = this.values;
    const edited = editedKnobs(values, this.resolved);
    const needsModel = edited.filter((name) => knobField(name).needsModel);
    const report = this.report;
    this.report = false;
    this.changesApplied++;
    let error: string | null = null;
    let figures: KnobFigures | null = this.state.figures;
    let resolvedFigures = this.state.resolvedFigures;
    /** Whether the window distributions changed, for the redraw once the state is updated; null: nothing to draw. */
    let redrawWindows: boolean | null = null;
    try {
      const outputs = this.windowOutputs();
      resolvedFigures ??= this.figuresOfStore(outputs);
      const rows = this.distributionsFor(outputs, values.softmax);
      const profile = profileWithKnobs(this.host.profile, values);
      this.columns = replyPass(outputs, profile, { target: targetChoice(values.target), distributions: rows, into: this.columns ?? undefined });
      const smoothingUnchanged = this.columns.smoothing === this.storedSmoothing;
      const policyChanged = values.softmax !== this.storePolicy;
      this.host.store.applyReplyColumns(this.columns, policyChanged ? rows : undefined, smoothingUnchanged);
      this.storedSmoothing = this.columns.smoothing;
      this.storePolicy = values.softmax;
      figures = this.figuresOf(this.columns, this.columns.smoothed);
      redrawWindows = policyChanged;
    } catch (e) {
      error = errorText(e);
    }
    this.state = { values, edited, needsModel, figures, resolvedFigures, error };
    for (const listener of this.listeners) listener(this.state);
    const columns = this.columns;
    this.host.post({
      type: 'knobsApplied',
      values,
      edited,
      repliesSent: figures?.repliesSent ?? 0,
      transcript: figures?.transcript ?? '',
      ...(error ? { error } : {}),
      ...(report && columns && !error
        ? {
            replies: {
              letter: Array.from(columns.replyLetter),
              prob: Array.from(columns.replyProb, (p) => (Number.isNaN(p) ? null : p)),
              sent: Array.from(columns.sent),
            },
          }
        : {}),
    });
    // Last: the host may draw at once, and what it draws reads the state above.
    if (redrawWindows !== null) this.host.redraw(redrawWindows);
  }

  /** The distributions for a policy: the rows the analysis gave, or their softmax (kept for the next change). */
  private distributionsFor(outputs: WindowOutputs, policy: SoftmaxPolicy): Float32Array {
    let rows = this.distributions.get(policy);
    if (!rows) {
      rows = distributionsFor(outputs, policy);
      this.distributions.set(policy, rows);
    }
    return rows;
  }

  /** The window outputs the analysis gave, gathered from the store once it holds every frame's final results. */
  private windowOutputs(): WindowOutputs {
    if (this.outputs) return this.outputs;
    while (!this.gatherRows(Infinity));
    return this.outputs!;
  }

  /**
   * Copies the rows of up to `frames` more frames from the store into the window outputs (begun on the first
   * call: the other columns are small); true once every row is copied and the outputs are ready.
   */
  private gatherRows(frames: number): boolean {
    if (this.outputs) return true;
    const store = this.host.store;
    const c = store.classCount;
    if (!this.gathering) {
      if (!store.isComplete()) throw new Error('The knobs apply once the analysis is complete.');
      const n = store.frameCount;
      const step = new Uint8Array(n);
      for (let f = 0; f < n; f++) {
        const s = store.status[f];
        if (s === STATUS_NO_HAND) step[f] = STEP_NO_HAND;
        else if (s === STATUS_BUFFERING) step[f] = STEP_BUFFERING;
        else if (s === STATUS_SMOOTHING || s === STATUS_READY) step[f] = STEP_WINDOW;
        else throw new Error(`frame ${f} has no result yet (${STATUS_NAMES[s] ?? s})`);
      }
      const outputs: WindowOutputs = {
        frameCount: n,
        classCount: c,
        t: store.t.slice(0, n),
        step,
        // A copy: the store's distributions change with the softmax policy. Copied a stretch at a time, as
        // one copy of an hour's rows holds the page for tens of milliseconds.
        rows: new Float32Array(n * c),
        rowsPolicy: this.host.profile.softmax,
        targetChanges: store.targets.map((s) => ({ beforeFrame: s.frame, t: s.t, letter: s.letter })),
      };
      this.gathering = { outputs, copied: 0 };
    }
    const gathering = this.gathering;
    const { frameCount: n, rows } = gathering.outputs;
    const to = Math.min(n, gathering.copied + frames);
    rows.set(store.probs.subarray(gathering.copied * c, to * c), gathering.copied * c);
    gathering.copied = to;
    if (to < n) return false;
    this.outputs = gathering.outputs;
    this.gathering = null;
    this.distributions.set(this.host.profile.softmax, this.outputs.rows);
    return true;
  }

  /**
   * Once the analysis is complete: gathers the window outputs, the label scoring and the resolved figures,
   * allocates the columns and warms the reply pass on a short stretch, then over the whole session, in idle
   * tasks of a few milliseconds each (the rows copied and the whole pass run a stretch a task), so that the
   * first knob change costs what the later ones do. A change before the end does the rest itself.
   */
  prepareWhenIdle(): void {
    if (this.preparing || this.columns) return;
    this.preparing = true;
    const start = performance.now();
    let warmUp: Array<() => void> | null = null;
    let whole: ReplyPassInStretches | null = null;
    const sizer = new StretchSizer(PASS_BUDGET_MS, 256, 256, PASS_MAX_FRAMES);
    // Each step returns true when done, false to run again in the next idle task.
    const steps: Array<() => boolean> = [
      () => this.gatherRows(this.stretchFrames ?? COPY_FRAMES),
      () => (this.scoringOfStore(), true),
      () => ((this.state = { ...this.state, resolvedFigures: this.state.resolvedFigures ?? this.figuresOfStore(this.windowOutputs()) }), true),
      () => {
        warmUp ??= this.warmUpPasses();
        warmUp.shift()?.();
        return warmUp.length === 0;
      },
      () => {
        // A change came first: it met the whole session, and the columns are its.
        if (this.changesApplied > 0) return true;
        whole ??= this.wholePass();
        const frames = this.stretchFrames ?? sizer.next;
        const begun = performance.now();
        const done = whole.step(frames);
        sizer.took(frames, performance.now() - begun);
        if (!done) return false;
        this.resolvedSmoothingFigures();
        return true;
      },
    ];
    const next = (): void => {
      try {
        if (steps[0]?.()) steps.shift();
      } catch {
        // Not complete after all: the next change reports why.
        return;
      }
      if (steps.length > 0) this.host.idle(next);
      else this.preparedAfterMs = performance.now() - start;
    };
    this.host.idle(next);
  }

  /** The columns of the session's size, and reply passes over its first seconds so the engine has compiled every path of them, one a call. */
  private warmUpPasses(): Array<() => void> {
    const outputs = this.windowOutputs();
    // The whole pass writes every row of them, a stretch a task, so the first change does not wait for the
    // memory behind them to be mapped.
    this.columns ??= replyColumns(outputs.frameCount, outputs.classCount);
    const n = Math.min(outputs.frameCount, 1500);
    const c = outputs.classCount;
    const stretch: WindowOutputs = {
      ...outputs,
      frameCount: n,
      rows: outputs.rows.subarray(0, n * c),
      targetChanges: outputs.targetChanges.filter((change) => change.beforeFrame < n),
    };
    const profile = profileWithKnobs(this.host.profile, this.resolved);
    let columns: ReplyColumns | null = null;
    // One pass an idle task: cold, each may take tens of milliseconds.
    const passes = [
      () => {
        columns = replyPass(stretch, profile, { target: targetChoice(this.resolved.target) });
        // The rounding's rarer paths (a near tie, an exact tie, a negative value), which a long pass may meet
        // only late: met here first, the optimized pass keeps them. After a pass: the engine records what a
        // function meets only once it has been called a few times, and the pass has called it by now.
        const scale = 10 ** profile.roundDecimals;
        for (const x of [0.5 / scale, (0.5 + 1e-8) / scale, 0.03125, -0.03125]) roundLikePython(x, profile.roundDecimals, scale);
        this.scoringOfStore()?.frameAccuracy(columns.status, STATUS_READY, columns.smoothed, c);
        warmUpColumnWrites(n);
      },
    ];
    // Again with every window the smoothing writes out (1-8) and one past them, in free mode and with a
    // target letter, into the same columns (a change's path): code the resolved values never ran has no type
    // feedback (the engine would drop its optimized pass at the first change that runs it), and one long
    // call optimizes only its loop, not the function for the next call.
    const letter = this.labels[0];
    for (let k = 0; k < 10; k++) {
      const target = targetChoice(k % 3 === 1 && letter !== undefined ? letter : 'free');
      passes.push(() => {
        columns = replyPass(stretch, { ...profile, smoothingWindow: k < 8 ? k + 1 : Math.max(9, profile.smoothingWindow + k - 7) }, { target, into: columns ?? undefined });
        warmUpColumnWrites(n);
      });
    }
    return passes;
  }

  /**
   * A pass over the whole session with the resolved values, a stretch an idle task, into the columns a change
   * fills: the engine meets every branch the session's data takes (a no-hand frame, a target change, an
   * emission, a rounding tie) here rather than in the first change, where each one met late drops the
   * optimized pass for the rest of it; and a first change that keeps the smoothing reuses it. The store is
   * not written: it holds these results already.
   */
  private wholePass(): ReplyPassInStretches {
    const outputs = this.windowOutputs();
    this.columns ??= replyColumns(outputs.frameCount, outputs.classCount);
    const profile = profileWithKnobs(this.host.profile, this.resolved);
    return new ReplyPassInStretches(outputs, profile, this.distributionsFor(outputs, this.resolved.softmax), this.columns, targetChoice(this.resolved.target));
  }

  /** The frame accuracy of the whole pass's smoothing, kept for a first change that reuses it. */
  private resolvedSmoothingFigures(): void {
    const columns = this.columns;
    const scoring = this.scoringOfStore();
    if (!columns?.smoothing || !scoring) return;
    this.lastAccuracy = { smoothing: columns.smoothing, value: scoring.frameAccuracyOf(columns.status, PASS_READY, columns.smoothing.bestStored) };
  }

  /** The label scoring of the session; null when it has no label spans. */
  private scoringOfStore(): FrameScoring | null {
    const store = this.host.store;
    if (store.labelSpans.length === 0) return null;
    this.scoring ??= new FrameScoring(store.labelSpans, store.labels, store.t, store.frameCount);
    return this.scoring;
  }

  /** The figures of the analysis as it came (the resolved profile's), read from the store before any change. */
  private figuresOfStore(outputs: WindowOutputs): KnobFigures {
    const store = this.host.store;
    const n = outputs.frameCount;
    let sent = 0;
    for (let f = 0; f < n; f++) sent += store.sent[f];
    const transcript = n > 0 ? store.transcriptAt(n - 1) : '';
    const scoring = this.scoringOfStore();
    if (!scoring) return { repliesSent: sent, transcript, frameAccuracy: null, cer: null };
    return { repliesSent: sent, transcript, frameAccuracy: scoring.frameAccuracy(store.status, STATUS_READY, store.smoothed, store.classCount), cer: scoring.cer(transcript) };
  }

  /** Frame accuracy and CER against the session's label spans, as `landmark-lens evaluate` counts them. */
  private figuresOf(columns: ReplyColumns, smoothed: Float32Array): KnobFigures {
    const repliesSent = columns.repliesSent;
    const transcript = columns.finalTranscript;
    const scoring = this.scoringOfStore();
    if (!scoring) return { repliesSent, transcript, frameAccuracy: null, cer: null };
    if (this.lastAccuracy?.smoothing !== columns.smoothing) {
      const value = columns.smoothing ? scoring.frameAccuracyOf(columns.status, PASS_READY, columns.smoothing.bestStored) : scoring.frameAccuracy(columns.status, PASS_READY, smoothed, columns.classCount);
      this.lastAccuracy = { smoothing: columns.smoothing, value };
    }
    if (this.lastCer?.transcript !== transcript) this.lastCer = { transcript, value: scoring.cer(transcript) };
    return { repliesSent, transcript, frameAccuracy: this.lastAccuracy.value, cer: this.lastCer.value };
  }
}
