import{a,b,c}from"./chunk.EFZXOM6N.js";import"./chunk.E67XKEEH.js";import"./chunk.GIVB55Q4.js";export{b as CoreDOMWidgetModel,c as CoreDescriptionModel,a as CoreWidgetModel};
