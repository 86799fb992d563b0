import{b as e}from"./chunk.2SGHFSU2.js";import{d as o}from"./chunk.7GPTFZAX.js";var r=o(e(),1);var export_Model=r.Model;export{export_Model as Model};
