/** A three.js canvas with orbit controls that follows its element's size: shared by the 3D views. */
import * as THREE from 'three';
import { OrbitControls } from 'three/examples/jsm/controls/OrbitControls.js';

export interface OrbitCanvas {
  renderer: THREE.WebGLRenderer;
  controls: OrbitControls;
  dispose(): void;
}

/** Sets up `canvas` for `camera`; `draw` runs on every orbit move and resize. */
export function orbitCanvas(host: HTMLElement, canvas: HTMLCanvasElement, camera: THREE.PerspectiveCamera, draw: () => void): OrbitCanvas {
  const renderer = new THREE.WebGLRenderer({ canvas, antialias: false, preserveDrawingBuffer: true });
  renderer.setPixelRatio(devicePixelRatio);
  const controls = new OrbitControls(camera, canvas);
  controls.addEventListener('change', draw);
  const resize = () => {
    const w = Math.max(1, canvas.clientWidth);
    const h = Math.max(1, canvas.clientHeight);
    renderer.setSize(w, h, false);
    camera.aspect = w / h;
    camera.updateProjectionMatrix();
    draw();
  };
  const observer = new ResizeObserver(resize);
  observer.observe(host);
  resize();
  return {
    renderer,
    controls,
    dispose: () => {
      observer.disconnect();
      renderer.dispose();
    },
  };
}

/** Points the camera at the origin from outside a bounding sphere of radius `r`. */
export function frameSphere(camera: THREE.PerspectiveCamera, controls: OrbitControls, r: number): void {
  camera.position.set(0, r * 0.6, r * 2.4);
  camera.lookAt(0, 0, 0);
  controls.target.set(0, 0, 0);
  controls.update();
}
