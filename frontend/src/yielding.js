// Cooperative slicing of the page's start-up work. Creating a lesson's widget models and views is a few hundred
// small async steps; run back to back they form one long task that keeps a phone from answering a tap (and is
// Lighthouse's "total blocking time"). Each step first calls `yieldIfLong()`: while the current slice is short
// it goes on at once, otherwise it continues in a new task, so the browser may paint and handle input between.

/** A slice's length in ms on the device (a phone at a quarter of a laptop's speed then stays under 50 ms). */
export const SLICE_MS = 5;

let sliceStart = 0;

/** A promise that resolves in a later task (the browser may paint and handle input first). */
export function nextTask() {
  const { scheduler } = globalThis;
  if (scheduler && typeof scheduler.yield === 'function') return scheduler.yield();
  return new Promise((resolve) => { setTimeout(resolve, 0); });
}

/** Resolves at once while the current slice has time left; otherwise in a later task, which starts a slice. */
export async function yieldIfLong() {
  if (performance.now() - sliceStart < SLICE_MS) return;
  await nextTask();
  sliceStart = performance.now();
}
