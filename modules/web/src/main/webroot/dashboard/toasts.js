// Toasts: short notices in a live region, dismissed by their button, Escape, or after a while.
import { el } from './format.js';

const SHOW_MS = 8000;

export class Toasts {
  constructor(container) {
    this.container = container;
  }

  /** Shows a toast; `kind` is 'info' or 'error'. */
  show(title, text, kind = 'info') {
    const close = el('button', { type: 'button', 'aria-label': 'Dismiss' }, '✕');
    const toast = el('div', { class: `toast ${kind}`, role: kind === 'error' ? 'alert' : 'status' },
      el('p', {}, el('strong', {}, title), text), close);
    const remove = () => toast.remove();
    close.addEventListener('click', remove);
    toast.addEventListener('keydown', (event) => { if (event.key === 'Escape') remove(); });
    this.container.append(toast);
    setTimeout(remove, SHOW_MS);
    while (this.container.children.length > 5) this.container.firstElementChild.remove();
    return toast;
  }
}
