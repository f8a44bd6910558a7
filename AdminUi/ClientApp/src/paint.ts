const marked = new Set<string>();

/**
 * Marks `name` (User Timing) once per page load, just after the next frame is painted. Called when a page's data has
 * rendered, the mark's time is that page's first meaningful paint, as the browser tests measure it.
 */
export function markNextPaint(name: string): void {
  if (marked.has(name)) {
    return;
  }
  marked.add(name);
  requestAnimationFrame(() => setTimeout(() => performance.mark(name), 0));
}
