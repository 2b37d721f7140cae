import { oscillatorFactsSuite } from './oscillatorFacts.suite';
import { cpuOscillators } from './oscillatorSimulation';

oscillatorFactsSuite('cpu', () => cpuOscillators);
