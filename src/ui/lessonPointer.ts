/** The outline on the control a lesson step points at, found by its data-testid through shadow roots. */

/** The element with this data-testid under `root`, looking inside the shadow roots of its components. */
export function findByTestId(root: ParentNode, id: string): HTMLElement | null {
  const el = root.querySelector<HTMLElement>(`[data-testid="${CSS.escape(id)}"]`);
  if (el) return el;
  for (const host of root.querySelectorAll('*')) {
    const inner = host.shadowRoot ? findByTestId(host.shadowRoot, id) : null;
    if (inner) return inner;
  }
  return null;
}

/**
 * Outlines the control `id` under `root` (marked `data-lesson-point`) and scrolls it into view,
 * taking the outline off `previous`; returns the element now pointed at.
 */
export function pointAt(root: ParentNode, id: string | undefined, previous: HTMLElement | null): HTMLElement | null {
  const el = id ? findByTestId(root, id) : null;
  if (el === previous) return el;
  previous?.removeAttribute('data-lesson-point');
  previous?.style.removeProperty('outline');
  previous?.style.removeProperty('outline-offset');
  if (el) {
    el.setAttribute('data-lesson-point', '');
    el.style.outline = '3px solid #f59f00';
    el.style.outlineOffset = '2px';
    el.scrollIntoView({ block: 'nearest' });
  }
  return el;
}
