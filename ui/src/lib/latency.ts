// Keystroke → findings latency, for `make bench` (bench/keystrokes.mjs) and its e2e check.
// Off unless the page sets `window.__socialmineLatency = []` (WebDriver does, before typing):
// then each edit of a draft field pushes the milliseconds from its input event to the frame
// that shows the backend's answer (the findings for that edit), at most MAX_SAMPLES of them.
// Without the array nothing is timed and nothing is kept.
import { tick } from 'svelte';

declare global {
  interface Window {
    __socialmineLatency?: number[];
  }
}

export const MAX_SAMPLES = 1000;

/** The time of an input event when measuring, else null. Call it in the input handler. */
export function keystrokeStart(): number | null {
  return Array.isArray(window.__socialmineLatency) ? performance.now() : null;
}

/** After the draft answering an edit was taken: waits for the DOM update and the next frame
 * (the one that paints it), then records the time since `start`. */
export async function findingsShown(start: number): Promise<void> {
  await tick();
  const at = await new Promise<number>((resolve) => requestAnimationFrame(() => resolve(performance.now())));
  const log = window.__socialmineLatency;
  if (Array.isArray(log) && log.length < MAX_SAMPLES) log.push(at - start);
}
