/** A dropdown bound to one view choice: picking sets the choice, and it shows the choice however it changed. */
import { dropdown, type DropdownOption } from '../toolkit';
import type { Choices, ViewChoices } from '../viewChoices';

/** The choices a dropdown picks (the classes drawn as lines are chips). */
type PickedChoice = 'focus' | 'series' | 'hand';

export function choicePicker<K extends PickedChoice>(
  choices: ViewChoices,
  name: K,
  ariaLabel: string,
  options: DropdownOption[],
  id: string,
): HTMLElement {
  const picker = dropdown(ariaLabel, options, choices.get(name), (value) => choices.set(name, value as Choices[K]), id);
  choices.onChange((changed) => {
    if (changed === name) picker.setValue(choices.get(name));
  });
  return picker.element;
}
