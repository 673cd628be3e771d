/**
 * What the user chose the views show: the class in focus, the probability series, the classes drawn as
 * lines and the framing of the recorded hand. Controls and keys change them here; the views, their
 * controls and the saved state follow through onChange.
 */
import type { HandFraming } from './handFraming';
import type { PersistedState } from './persistence';

export interface Choices {
  /** A class label, or 'auto' (the target in force, else the argmax). */
  focus: string;
  series: PersistedState['series'];
  /** Labels drawn as lines; null: the classes with the highest peaks. */
  shown: string[] | null;
  hand: HandFraming;
  /** The recorded hand's view draws the frame's camera image (sessions with images; live: while the followed client sends camera frames). */
  handImage: boolean;
  /** The recorded hand's view draws the landmarks (over the image). */
  handLandmarks: boolean;
}

export type ChoiceName = keyof Choices;

export class ViewChoices {
  private readonly values: Choices;
  private readonly listeners: Array<(name: ChoiceName) => void> = [];

  /** Starts from the saved choices, the defaults for the rest. */
  constructor(saved: Partial<Choices>) {
    this.values = {
      focus: saved.focus ?? 'auto', series: saved.series ?? 'window', shown: saved.shown ?? null, hand: saved.hand ?? 'fit',
      handImage: saved.handImage ?? true, handLandmarks: saved.handLandmarks ?? true,
    };
  }

  get<K extends ChoiceName>(name: K): Choices[K] {
    return this.values[name];
  }

  set<K extends ChoiceName>(name: K, value: Choices[K]): void {
    this.values[name] = value;
    for (const listener of this.listeners) listener(name);
  }

  onChange(listener: (name: ChoiceName) => void): void {
    this.listeners.push(listener);
  }
}
