/**
 * The lab's look for native controls inside shadow roots, drawn from Web Awesome's design tokens
 * (`--wa-*`, defined by its theme on <html>, so light and dark follow the theme switch). Native
 * buttons, selects and inputs are kept, compact, for a dense lab toolbar; Web Awesome components
 * (split panels, cards, icons) are used where they add behaviour. Every ui/ component adds this sheet;
 * the views draw with system colours, which follow the theme's `color-scheme`.
 */
import { css } from 'lit';

export const controlStyles = css`
  :host {
    color: var(--wa-color-text-normal);
    font-family: var(--wa-font-family-body);
    font-size: var(--wa-font-size-s);
    line-height: var(--wa-line-height-normal);
  }
  button,
  select,
  input:not([type='checkbox'], [type='radio'], [type='range'], [type='file']),
  textarea {
    font: inherit;
    color: var(--wa-form-control-value-color);
    background: var(--wa-form-control-background-color);
    border: 1px solid var(--wa-form-control-border-color);
    border-radius: var(--wa-border-radius-m);
    padding: 0.2em 0.5em;
    min-height: 1.9em;
    box-sizing: border-box;
  }
  button {
    display: inline-flex;
    align-items: center;
    gap: 0.35em;
    cursor: pointer;
    background: var(--wa-color-neutral-fill-quiet);
    color: var(--wa-color-neutral-on-quiet);
    border-color: var(--wa-color-neutral-border-quiet);
    font-weight: var(--wa-font-weight-action);
    transition: background-color var(--wa-transition-fast);
  }
  button:hover:not(:disabled) {
    background: var(--wa-color-neutral-fill-normal);
  }
  button.primary {
    background: var(--wa-color-brand-fill-loud);
    color: var(--wa-color-brand-on-loud);
    border-color: var(--wa-color-brand-border-loud);
  }
  button.primary:hover:not(:disabled) {
    background: color-mix(in oklab, var(--wa-color-brand-fill-loud), black 12%);
  }
  button[aria-pressed='true'] {
    background: var(--wa-color-brand-fill-quiet);
    color: var(--wa-color-brand-on-quiet);
    border-color: var(--wa-color-brand-border-normal);
  }
  button:disabled,
  select:disabled,
  input:disabled {
    opacity: 0.5;
    cursor: not-allowed;
  }
  :is(button, select, input, textarea, summary, a):focus-visible {
    outline: var(--wa-focus-ring);
    outline-offset: var(--wa-focus-ring-offset);
  }
  input[type='checkbox'],
  input[type='radio'],
  input[type='range'] {
    accent-color: var(--wa-color-brand-fill-loud);
  }
  fieldset {
    border: 1px solid var(--wa-color-surface-border);
    border-radius: var(--wa-border-radius-m);
  }
  legend {
    font-weight: var(--wa-font-weight-semibold);
  }
  a {
    color: var(--wa-color-text-link);
  }
  .note {
    color: var(--wa-color-text-quiet);
  }
  .notice {
    background: var(--wa-color-brand-fill-quiet);
    color: var(--wa-color-brand-on-quiet);
    border: 1px solid var(--wa-color-brand-border-quiet);
    border-radius: var(--wa-border-radius-m);
    padding: 0.3rem 0.6rem;
  }
  .error {
    background: var(--wa-color-danger-fill-quiet);
    color: var(--wa-color-danger-on-quiet);
    border: 1px solid var(--wa-color-danger-border-normal);
    border-radius: var(--wa-border-radius-m);
    padding: 0.3rem 0.6rem;
    white-space: pre-wrap;
  }
  /* A file input shown as a button: the label is the button, the input stays focusable. */
  label.file-button {
    display: inline-flex;
    align-items: center;
    gap: 0.35em;
    cursor: pointer;
    padding: 0.2em 0.6em;
    min-height: 1.9em;
    box-sizing: border-box;
    border: 1px solid var(--wa-color-neutral-border-quiet);
    border-radius: var(--wa-border-radius-m);
    background: var(--wa-color-neutral-fill-quiet);
    color: var(--wa-color-neutral-on-quiet);
    font-weight: var(--wa-font-weight-action);
  }
  label.file-button:focus-within {
    outline: var(--wa-focus-ring);
  }
  label.file-button input[type='file'] {
    position: absolute;
    width: 1px;
    height: 1px;
    opacity: 0;
  }
`;
