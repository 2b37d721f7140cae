/**
 * Struct packing: each GPU struct is defined once, in WGSL, and packed from TypeScript objects
 * through webgpu-utils' reflection of that WGSL (no byte offsets written down twice).
 */
import { makeShaderDataDefinitions, makeStructuredView } from 'webgpu-utils';

export class StructPacker {
  private structs: ReturnType<typeof makeShaderDataDefinitions>['structs'] | null = null;

  /** `wgsl` declares the structs. Reflection runs on first use: Node has the WebGPU globals only once a device is being acquired. */
  constructor(private readonly wgsl: string) {}

  private definition(structName: string) {
    const def = (this.structs ??= makeShaderDataDefinitions(this.wgsl).structs)[structName];
    if (!def) throw new Error(`no struct ${structName} in the reflected WGSL`);
    return def;
  }

  /** Packs an array of structs of WGSL type `structName`; every field must be given. */
  pack(structName: string, items: Record<string, number>[]): ArrayBuffer {
    const def = this.definition(structName);
    const buffer = new ArrayBuffer(Math.max(1, items.length) * def.size);
    items.forEach((item, k) => {
      for (const key of Object.keys(def.fields)) if (!(key in item)) throw new Error(`${structName}.${key} is missing`);
      makeStructuredView(def, buffer, k * def.size).set(item);
    });
    return buffer;
  }

  size(structName: string): number {
    return this.definition(structName).size;
  }
}
