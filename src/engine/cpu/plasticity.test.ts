/** Plasticity on the CPU twin: the closed-form suite (../plasticity.suite.ts). */
import { plasticitySuite } from '../plasticity.suite';
import { CPU } from '../backends';

plasticitySuite('cpu', () => CPU);
