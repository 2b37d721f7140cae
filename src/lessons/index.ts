/** The bundled lessons, in the order the start of the Lessons page lists them. */
import { parseLesson, type Lesson } from './lessonFormat';
import oneNeuron from './one-neuron.md?raw';
import synapses from './synapses.md?raw';
import balance from './balance.md?raw';
import firingPatterns from './firing-patterns.md?raw';
import brunelStates from './brunel-states.md?raw';
import synchronisation from './synchronisation.md?raw';
import learningSelectivity from './learning-selectivity.md?raw';
import forgetting from './forgetting.md?raw';
import aRealBrain from './a-real-brain.md?raw';
import gapJunctions from './gap-junctions.md?raw';

export const LESSON_SOURCES: { file: string; source: string }[] = [
  { file: 'one-neuron.md', source: oneNeuron },
  { file: 'synapses.md', source: synapses },
  { file: 'firing-patterns.md', source: firingPatterns },
  { file: 'balance.md', source: balance },
  { file: 'brunel-states.md', source: brunelStates },
  { file: 'synchronisation.md', source: synchronisation },
  { file: 'learning-selectivity.md', source: learningSelectivity },
  { file: 'forgetting.md', source: forgetting },
  { file: 'a-real-brain.md', source: aRealBrain },
  { file: 'gap-junctions.md', source: gapJunctions },
];

export const LESSONS: Lesson[] = LESSON_SOURCES.map((l) => parseLesson(l.file, l.source));

export function lessonById(id: string): Lesson | undefined {
  return LESSONS.find((l) => l.id === id);
}
