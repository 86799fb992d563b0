// The widget manager's libraries, in the order they are evaluated: each import() below evaluates only what the
// ones before it have not, and lesson.js waits for the next task between two of them. Evaluated at once
// (as one import of ./manager.js) they were one task of ≈ 30 ms on this machine, ≈ 120 ms on a phone, long
// enough to delay a tap (Lighthouse's total blocking time); in steps, no step is long.
export const stages = [
  () => import('./stage-lumino.js'),
  () => import('./stage-backbone.js'),
  () => import('./stage-base.js'),
  () => import('./manager.js'),
];
