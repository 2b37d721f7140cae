/**
 * Oscillators in 3D (three.js), coloured by phase (hue = θ; AKOrN: the angle of the first two
 * components): at their positions when the group has them (a connectome), else on a sphere.
 * Orbit with the mouse. Redraws from the phases the lab reads back each frame.
 */
import { LitElement, css, html } from 'lit';
import * as THREE from 'three';
import type { OrbitControls } from 'three/examples/jsm/controls/OrbitControls.js';
import { frameSphere, orbitCanvas, type OrbitCanvas } from './orbitCanvas';
import { phaseColour } from './colours';

export class PhaseNetworkView extends LitElement {
  static override properties = {
    positions: { attribute: false },
    state: { attribute: false },
    stateWidth: { type: Number },
    frame: { type: Number },
  };
  /** [x, y, z] per oscillator, or null for a sphere layout. */
  declare positions: [number, number, number][] | null;
  declare state: Float64Array | null;
  declare stateWidth: number;
  declare frame: number;
  private renderer: THREE.WebGLRenderer | null = null;
  private readonly scene = new THREE.Scene();
  private readonly camera = new THREE.PerspectiveCamera(45, 1, 0.1, 10_000);
  private controls: OrbitControls | null = null;
  private points: THREE.Points | null = null;
  private builtFor: { positions: unknown; n: number } | null = null;
  private view: OrbitCanvas | null = null;

  static override styles = css`
    :host {
      display: block;
      min-height: 240px;
    }
    canvas {
      width: 100%;
      height: 100%;
      display: block;
      border: 1px solid GrayText;
      touch-action: none;
    }
  `;

  constructor() {
    super();
    this.positions = null;
    this.state = null;
    this.stateWidth = 1;
    this.frame = 0;
  }

  override render() {
    return html`<canvas data-testid="phase-network" aria-label="oscillators in 3D, coloured by phase: drag to orbit"></canvas>`;
  }

  override firstUpdated(): void {
    const canvas = this.renderRoot.querySelector('canvas')!;
    this.view = orbitCanvas(this, canvas, this.camera, () => this.draw());
    this.renderer = this.view.renderer;
    this.controls = this.view.controls;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.view?.dispose();
  }

  private build(n: number): void {
    this.scene.clear();
    const xyz = new Float32Array(3 * n);
    if (this.positions && this.positions.length === n) {
      const mean = [0, 0, 0];
      for (const p of this.positions) for (let k = 0; k < 3; k++) mean[k] += p[k] / n;
      this.positions.forEach((p, i) => xyz.set([p[0] - mean[0], p[1] - mean[1], p[2] - mean[2]], 3 * i));
    } else {
      // Fibonacci sphere: even spacing for any n.
      const R = 10 * Math.cbrt(n);
      for (let i = 0; i < n; i++) {
        const y = 1 - (2 * (i + 0.5)) / n;
        const rr = Math.sqrt(1 - y * y);
        const a = i * 2.399963229728653;
        xyz.set([R * rr * Math.cos(a), R * y, R * rr * Math.sin(a)], 3 * i);
      }
    }
    const geometry = new THREE.BufferGeometry();
    geometry.setAttribute('position', new THREE.BufferAttribute(xyz, 3));
    geometry.setAttribute('color', new THREE.BufferAttribute(new Float32Array(3 * n), 3));
    this.points = new THREE.Points(geometry, new THREE.PointsMaterial({ size: 5, sizeAttenuation: false, vertexColors: true }));
    this.scene.add(this.points);
    geometry.computeBoundingSphere();
    const r = geometry.boundingSphere!.radius || 1;
    frameSphere(this.camera, this.controls!, r);
    this.builtFor = { positions: this.positions, n };
  }

  protected override updated(): void {
    const x = this.state;
    if (!x || !this.renderer) return;
    const w = this.stateWidth;
    const n = x.length / w;
    if (!this.builtFor || this.builtFor.n !== n || this.builtFor.positions !== this.positions) this.build(n);
    const colours = this.points!.geometry.getAttribute('color') as THREE.BufferAttribute;
    const arr = colours.array as Float32Array;
    for (let i = 0; i < n; i++) {
      const theta = w === 1 ? x[i] : Math.atan2(x[i * w + 1], x[i * w]);
      const [r, g, b] = phaseColour(theta);
      arr[3 * i] = r / 255;
      arr[3 * i + 1] = g / 255;
      arr[3 * i + 2] = b / 255;
    }
    colours.needsUpdate = true;
    this.draw();
  }

  private draw(): void {
    this.renderer?.render(this.scene, this.camera);
  }
}
customElements.define('phase-network-view', PhaseNetworkView);
