// Stands in for the npm package sanitize-html (which brings postcss and htmlparser2, ~150 KB) where
// @jupyter-widgets/base-manager imports it: the browser's own parser with the same allowlist options
// (allowedTags, allowedAttributes with "*" and "prefix-*" patterns). Used for description_allow_html.

const URL_ATTRIBUTES = new Set(['href', 'src']);
const SAFE_URL = /^(?:https?:|mailto:|data:image\/(?:png|jpeg|gif|webp);|[^:]*$)/i;

function allowed(name, patterns) {
  return patterns.some((p) => (p.endsWith('*') ? name.startsWith(p.slice(0, -1)) : name === p));
}

function clean(node, tags, attributes) {
  for (const child of Array.from(node.childNodes)) {
    if (child.nodeType === Node.TEXT_NODE) continue;
    if (child.nodeType !== Node.ELEMENT_NODE) {
      child.remove();
      continue;
    }
    const tag = child.tagName.toLowerCase();
    clean(child, tags, attributes);
    if (!tags.includes(tag)) {
      if (['script', 'style', 'textarea', 'noscript', 'iframe'].includes(tag)) child.remove();
      else child.replaceWith(...Array.from(child.childNodes));
      continue;
    }
    const patterns = [...(attributes['*'] || []), ...(attributes[tag] || [])];
    for (const attribute of Array.from(child.attributes)) {
      const name = attribute.name.toLowerCase();
      const ok = allowed(name, patterns) && (!URL_ATTRIBUTES.has(name) || SAFE_URL.test(attribute.value.trim()));
      if (!ok) child.removeAttribute(attribute.name);
    }
  }
}

export default function sanitize(html, options = {}) {
  const template = document.createElement('template');
  template.innerHTML = String(html);
  clean(template.content, options.allowedTags || [], options.allowedAttributes || {});
  return template.innerHTML;
}
