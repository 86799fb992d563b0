import{l as e}from"./chunk.OFQVG257.js";import"./chunk.6LXIUSXY.js";import"./chunk.2SGHFSU2.js";import"./chunk.7GPTFZAX.js";export{e as WidgetModel};
