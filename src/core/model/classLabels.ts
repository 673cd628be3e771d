import { LABELS_26, LABELS_29 } from './profile';

/** The backend's labels for a class count: 29 (A-Z, SPACE, DELETE, NOTHING), 26 (A-Z); else null. */
export function knownLabelsFor(classCount: number): string[] | null {
  if (classCount === 29) return [...LABELS_29];
  if (classCount === 26) return [...LABELS_26];
  return null;
}

/** Placeholder labels for a model with an unusual class count and no labels in its profile. */
export function placeholderLabels(classCount: number): string[] {
  return Array.from({ length: classCount }, (_, i) => `class${i}`);
}
