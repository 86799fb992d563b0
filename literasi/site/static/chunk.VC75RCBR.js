import{g as e}from"./chunk.6LXIUSXY.js";import"./chunk.7GPTFZAX.js";export{e as Widget};
