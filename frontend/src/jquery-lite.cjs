// Stands in for jQuery (~90 KB) in the bundle. ipywidgets 8 draws with the DOM and keeps `view.$el` only for
// older third-party widgets; the bundled widgets merely wrap an element (`$(el)`, `el instanceof $`,
// `$el[0]`). Backbone is given the same function and, with ipywidgets' NativeView, never calls it.
function JQueryLite(element) {
  if (!(this instanceof JQueryLite)) return new JQueryLite(element);
  this.length = element ? 1 : 0;
  if (element) this[0] = element;
}
module.exports = JQueryLite;
