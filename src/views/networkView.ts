/**
 * The network in 3D (three.js): neurons as points at their positions, lit when they spike and
 * fading over `fadeMs` of simulated time; orbit controls; click selects a neuron (its outgoing
 * connections are drawn), shift-click stimulates it. Activity comes from the recorded spikes. A
 * legend over the view says what each colour means (networkLegend.ts).
 */
import { LitElement, css, html, nothing } from 'lit';
import * as THREE from 'three';
import type { OrbitControls } from 'three/examples/jsm/controls/OrbitControls.js';
import { frameSphere, orbitCanvas, type OrbitCanvas } from './orbitCanvas';
import { POST_MASK } from '../network/synapseEncoding';
import type { NetworkData } from '../engine/recording/recordedData';
import { populationColour } from './colours';
import { strongestConnections } from './connections';
import { connectomeLayout, populationClouds } from './layout';
import { cellTypeColours, networkLegend, type Legend } from './networkLegend';

const MAX_DRAWN_CONNECTIONS = 2000;
/** For a neuron with a name (connectomes): its strongest inputs and outputs are drawn. */
const STRONGEST_SHOWN = 10;

export class NetworkView extends LitElement {
  static override properties = {
    sim: { attribute: false },
    frame: { type: Number },
    selected: { type: Number },
    fadeMs: { type: Number },
    colourBy: { type: String },
  };
  declare sim: NetworkData | null;
  declare frame: number;
  /** Selected neuron (global index) or -1. */
  declare selected: number;
  declare fadeMs: number;
  /** 'type': cell type (or population) colours, lit on spikes; 'activity': grey, spikes in colour. */
  declare colourBy: 'type' | 'activity';

  private renderer: THREE.WebGLRenderer | null = null;
  private readonly scene = new THREE.Scene();
  private readonly camera = new THREE.PerspectiveCamera(45, 1, 0.1, 5000);
  private controls: OrbitControls | null = null;
  private points: THREE.Points | null = null;
  private links: THREE.LineSegments | null = null;
  private marker: THREE.Points | null = null;
  private positions: Float32Array = new Float32Array(0);
  private base = new Float32Array(0);
  private lastSpike = new Float64Array(0); // step of each neuron's last recorded spike
  private seenSpikes = 0;
  private builtFor: NetworkData | null = null;
  private view: OrbitCanvas | null = null;
  private down: { x: number; y: number } | null = null;
  private legendCache: { sim: NetworkData; colourBy: string; fadeMs: number; legend: Legend } | null = null;

  static override styles = css`
    :host {
      display: block;
      position: relative;
      min-height: 120px;
    }
    canvas {
      width: 100%;
      height: 100%;
      display: block;
      border: 1px solid GrayText;
      touch-action: none;
    }
    /* Over the (black) scene; clicks pass through to the neurons, except on its toggle. */
    .legend {
      position: absolute;
      top: 4px;
      left: 4px;
      max-width: min(24rem, 60%);
      max-height: calc(100% - 8px);
      overflow: hidden;
      pointer-events: none;
      font: 11px/1.25 sans-serif;
      color: rgb(190 190 190);
      background: rgb(0 0 0 / 0.4);
      border-radius: 3px;
      padding: 2px 6px 3px;
    }
    .legend summary {
      pointer-events: auto;
      cursor: pointer;
    }
    .legend ul {
      list-style: none;
      margin: 0;
      padding: 0;
    }
    .legend li {
      white-space: nowrap;
      overflow: hidden;
      text-overflow: ellipsis;
    }
    .swatch {
      display: inline-block;
      width: 0.8em;
      height: 0.8em;
      margin-right: 0.3em;
      vertical-align: -0.05em;
    }
    .legend .words,
    .legend .note {
      color: rgb(160 160 160);
    }
  `;

  constructor() {
    super();
    this.sim = null;
    this.frame = 0;
    this.selected = -1;
    this.fadeMs = 30;
    this.colourBy = 'type';
  }

  override render() {
    return html`<canvas aria-label="3D network view: drag to orbit, click a neuron to select it, shift-click to stimulate it"></canvas>
      ${this.legend()}`;
  }

  /** A single population with per-neuron info is a connectome: drawn by its own positions and cell types. */
  private static connectomeInfo(sim: NetworkData) {
    return sim.network.populations.length === 1 ? sim.model.populations[0].neuronInfo : undefined;
  }

  private legend() {
    const sim = this.sim;
    if (!sim) return nothing;
    const c = this.legendCache;
    const legend =
      c && c.sim === sim && c.colourBy === this.colourBy && c.fadeMs === this.fadeMs
        ? c.legend
        : networkLegend(sim.network.populations, NetworkView.connectomeInfo(sim)?.cellTypes, this.colourBy, this.fadeMs);
    this.legendCache = { sim, colourBy: this.colourBy, fadeMs: this.fadeMs, legend };
    return html`<details class="legend" data-testid="network-legend" open>
      <summary>${legend.title}</summary>
      <div class="note">${legend.note}</div>
      <ul>
        ${legend.entries.map(
          (e) =>
            html`<li data-testid="legend-entry">
              <span class="swatch" style="background: rgb(${e.colour.join(' ')})"></span><b>${e.label}</b>${
                e.words && e.words !== e.label ? html` <span class="words">${e.words}</span>` : nothing
              }${e.count !== undefined ? ` (${e.count.toLocaleString('en')})` : nothing}
            </li>`,
        )}
      </ul>
      ${legend.more ? html`<div class="note">and ${legend.more} more types</div>` : nothing}
    </details>`;
  }

  override firstUpdated(): void {
    const canvas = this.renderRoot.querySelector('canvas')!;
    this.view = orbitCanvas(this, canvas, this.camera, () => this.draw());
    this.renderer = this.view.renderer;
    this.controls = this.view.controls;
    canvas.addEventListener('pointerdown', (e) => (this.down = { x: e.clientX, y: e.clientY }));
    canvas.addEventListener('pointerup', (e) => this.onPointerUp(e));
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.view?.dispose();
  }

  /** Where neuron `i` appears on the canvas, in CSS pixels from its top-left corner. */
  screenPositionOf(i: number): { x: number; y: number } {
    const v = new THREE.Vector3(this.positions[3 * i], this.positions[3 * i + 1], this.positions[3 * i + 2]).project(this.camera);
    const c = this.renderer!.domElement;
    return { x: ((v.x + 1) / 2) * c.clientWidth, y: ((1 - v.y) / 2) * c.clientHeight };
  }

  /** The neuron under a canvas point (CSS pixels), or -1: the nearest drawn point within 8 px. */
  neuronAt(x: number, y: number): number {
    let best = -1;
    let bestD = 64;
    const n = this.positions.length / 3;
    const c = this.renderer!.domElement;
    const v = new THREE.Vector3();
    let bestDepth = Infinity;
    for (let i = 0; i < n; i++) {
      v.set(this.positions[3 * i], this.positions[3 * i + 1], this.positions[3 * i + 2]).project(this.camera);
      if (v.z > 1) continue;
      const dx = ((v.x + 1) / 2) * c.clientWidth - x;
      const dy = ((1 - v.y) / 2) * c.clientHeight - y;
      const d = dx * dx + dy * dy;
      if (d < bestD - 1e-9 || (Math.abs(d - bestD) < 1e-9 && v.z < bestDepth)) [best, bestD, bestDepth] = [i, d, v.z];
    }
    return best;
  }

  private onPointerUp(e: PointerEvent): void {
    if (!this.down || Math.hypot(e.clientX - this.down.x, e.clientY - this.down.y) > 4) return; // a drag orbits
    const rect = this.renderer!.domElement.getBoundingClientRect();
    const i = this.neuronAt(e.clientX - rect.left, e.clientY - rect.top);
    if (i < 0) return;
    this.dispatchEvent(
      new CustomEvent(e.shiftKey ? 'stimulate-neuron' : 'select-neuron', { detail: { neuron: i }, bubbles: true, composed: true }),
    );
  }

  private build(sim: NetworkData): void {
    this.scene.clear();
    const net = sim.network;
    // A single population with per-neuron info (a connectome) is drawn at its positions or its
    // computed layout and coloured by cell type; other networks as population clouds.
    const info = NetworkView.connectomeInfo(sim);
    this.positions = info
      ? connectomeLayout(net.numNeurons, info, net.rowPtr, net.targets, POST_MASK)
      : populationClouds(net.populations, net.numNeurons);
    this.base = new Float32Array(3 * net.numNeurons);
    if (info?.cellTypes) {
      const colours = cellTypeColours(info.cellTypes); // the legend's
      info.cellTypes.forEach((t, i) =>
        this.base.set(
          colours.get(t)!.map((x) => x / 255),
          3 * i,
        ),
      );
    } else {
      for (const p of net.populations) {
        const [r, g, b] = populationColour(p.index).map((x) => x / 255);
        for (let i = p.start; i < p.start + p.size; i++) this.base.set([r, g, b], 3 * i);
      }
    }
    const geometry = new THREE.BufferGeometry();
    geometry.setAttribute('position', new THREE.BufferAttribute(this.positions, 3));
    geometry.setAttribute('color', new THREE.BufferAttribute(new Float32Array(3 * net.numNeurons), 3));
    this.points = new THREE.Points(geometry, new THREE.PointsMaterial({ size: 4, sizeAttenuation: false, vertexColors: true }));
    this.scene.add(this.points);
    this.links = null;
    this.marker = null;
    this.lastSpike = new Float64Array(net.numNeurons).fill(-Infinity);
    this.seenSpikes = 0;
    geometry.computeBoundingSphere();
    const r = geometry.boundingSphere!.radius;
    frameSphere(this.camera, this.controls!, r);
    this.builtFor = sim;
  }

  private drawSelection(sim: NetworkData): void {
    if (this.links) this.scene.remove(this.links);
    if (this.marker) this.scene.remove(this.marker);
    this.links = null;
    this.marker = null;
    const i = this.selected;
    if (i < 0 || i >= sim.network.numNeurons) return;
    const { rowPtr, targets } = sim.network;
    const pairs: [number, number, boolean][] = []; // [from, to, isInput]
    const named = sim.model.populations.some((p) => p.neuronInfo?.names);
    if (named) {
      // a connectome: the strongest outputs and inputs by |weight|
      const { outputs, inputs } = strongestConnections(sim.network, i, STRONGEST_SHOWN);
      for (const j of outputs) pairs.push([i, j, false]);
      for (const j of inputs) pairs.push([j, i, true]);
    } else {
      for (let k = rowPtr[i]; k < Math.min(rowPtr[i + 1], rowPtr[i] + MAX_DRAWN_CONNECTIONS); k++)
        pairs.push([i, targets[k] & POST_MASK, false]);
    }
    const seg = new Float32Array(6 * pairs.length);
    const col = new Float32Array(6 * pairs.length);
    pairs.forEach(([a, b, isInput], k) => {
      seg.set(this.positions.subarray(3 * a, 3 * a + 3), 6 * k);
      seg.set(this.positions.subarray(3 * b, 3 * b + 3), 6 * k + 3);
      const c = isInput ? [0.35, 0.6, 1] : [1, 0.6, 0.25]; // inputs blue, outputs orange
      col.set([...c, ...c], 6 * k);
    });
    const g = new THREE.BufferGeometry();
    g.setAttribute('position', new THREE.BufferAttribute(seg, 3));
    g.setAttribute('color', new THREE.BufferAttribute(col, 3));
    this.links = new THREE.LineSegments(g, new THREE.LineBasicMaterial({ vertexColors: true, transparent: true, opacity: 0.7 }));
    const m = new THREE.BufferGeometry();
    m.setAttribute('position', new THREE.BufferAttribute(this.positions.slice(3 * i, 3 * i + 3), 3));
    this.marker = new THREE.Points(m, new THREE.PointsMaterial({ size: 12, sizeAttenuation: false, color: 0xffd43b }));
    this.scene.add(this.links, this.marker);
  }

  protected override updated(changed: Map<string, unknown>): void {
    const sim = this.sim;
    if (!sim || !this.renderer) return;
    if (sim !== this.builtFor) this.build(sim);
    if (changed.has('selected') || changed.has('sim')) this.drawSelection(sim);
    // activity: the last spike of each neuron, from the spikes recorded since the last frame
    const { neurons, steps } = sim.spikeView();
    if (neurons.length < this.seenSpikes) this.lastSpike.fill(-Infinity); // reset
    for (let k = neurons.length < this.seenSpikes ? 0 : this.seenSpikes; k < neurons.length; k++) this.lastSpike[neurons[k]] = steps[k];
    this.seenSpikes = neurons.length;
    const colours = this.points!.geometry.getAttribute('color') as THREE.BufferAttribute;
    const arr = colours.array as Float32Array;
    const now = sim.step;
    const fadeSteps = this.fadeMs / sim.dt;
    const byActivity = this.colourBy === 'activity';
    for (let i = 0; i < this.lastSpike.length; i++) {
      const glow = Math.exp(-(now - this.lastSpike[i]) / fadeSteps); // 0 when never
      for (let c = 0; c < 3; c++)
        arr[3 * i + c] = byActivity ? 0.25 + glow * (this.base[3 * i + c] + 0.5) : this.base[3 * i + c] * (0.3 + 0.7 * glow) + 0.6 * glow;
    }
    colours.needsUpdate = true;
    this.draw();
  }

  private draw(): void {
    this.renderer?.render(this.scene, this.camera);
  }
}
customElements.define('network-view', NetworkView);
