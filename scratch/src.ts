import { cellTypeOf } from '../src/model/cellTypes';
import { neuronUpdateKernel } from '../src/engine/webgpu/neuronUpdateKernel';
import { twinSource } from '../src/engine/cpu/neuronUpdateTwin';
const c = cellTypeOf({}, process.env.CT ?? 'Izhikevich');
const k = neuronUpdateKernel(c, 0.1, 10, 1);
console.log(k.slice(k.indexOf('fn main')));
console.log(twinSource(c, 0.1, false));
