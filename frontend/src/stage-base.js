// Third step of loading the widget manager (see stages.js): the classes of @jupyter-widgets/base.
export { WidgetModel } from '@jupyter-widgets/base';
