// Second step of loading the widget manager (see stages.js): Backbone and underscore.
export { Model } from 'backbone';
