import { DOMParser } from "@xmldom/xmldom";
const errs = [];
const p = new DOMParser({ locator: {}, errorHandler: { warning: (m) => errs.push(["w", m]), error: (m) => errs.push(["e", m]), fatalError: (m) => errs.push(["f", m]) } });
for (const s of ['<a>\n<b x="1">\n</a>', '<a>\n<b x="1"/>\n<c y=2/></a>', 'hello', '<a>\n<b>\n', '<a></a>\n<b/>', '<a>&foo;</a>']) {
  errs.length = 0;
  let doc;
  try { doc = p.parseFromString(s, "application/xml"); } catch (e) { console.log("threw", e.message); }
  console.log(JSON.stringify(s), errs, doc && doc.documentElement && doc.documentElement.tagName);
  if (doc && doc.documentElement) { const b = doc.getElementsByTagName("b")[0]; if (b) console.log("line", b.lineNumber, b.columnNumber); }
}
