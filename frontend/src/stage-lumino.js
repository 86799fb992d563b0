// First step of loading the widget manager (see stages.js): Lumino's widgets and what they import.
export { Widget } from '@lumino/widgets';
