// Parses every ```mermaid block of the Markdown files given, with Mermaid's own parser (in a
// jsdom window, which Mermaid needs to load). Prints each block's diagram type or its parse
// error; exits 1 if any block does not parse. Used by tablewright-cli/tests/outputs.rs.
import { JSDOM } from "jsdom";
import { readFileSync } from "node:fs";
const dom = new JSDOM("<!doctype html><html><body></body></html>");
globalThis.window = dom.window;
globalThis.document = dom.window.document;
const { default: mermaid } = await import("mermaid");
mermaid.initialize({ startOnLoad: false });
let failed = 0;
for (const file of process.argv.slice(2)) {
  const text = readFileSync(file, "utf8");
  const blocks = [...text.matchAll(/```mermaid\n([\s\S]*?)```/g)].map((m) => m[1]);
  for (const block of blocks) {
    try {
      const result = await mermaid.parse(block);
      console.log(`${file}: ${result.diagramType}`);
    } catch (e) {
      failed++;
      console.log(`${file}: ${e.message ?? e}`);
    }
  }
}
process.exit(failed ? 1 : 0);
