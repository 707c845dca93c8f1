/**
 * Text printed to a terminal, made inert. Labels, hashtags and file contents
 * reach stdout and stderr (summaries, reports, status, error lines); a label
 * holding ESC sequences could recolour, move the cursor, retitle the window or
 * write a hyperlink (OSC 8), and bidi overrides could show text in another
 * order than it is (Trojan Source, CVE-2021-42574).
 *
 * Every character that a terminal interprets rather than prints is replaced
 * by its `\uXXXX` escape: C0 controls (U+0000–U+001F) except tab and line
 * feed (and CR of a CR LF pair), DEL (U+007F), C1 controls (U+0080–U+009F,
 * which include the 8-bit CSI and OSC), the bidi embeddings and overrides
 * (U+202A–U+202E) and isolates (U+2066–U+2069). Replacing ESC (or CSI) alone
 * breaks every escape sequence: what follows it is printed as text.
 *
 * The `\uXXXX` form is also a JSON string escape, so JSON printed to stdout
 * stays valid JSON and parses back to the same values.
 */

const TERMINAL_UNSAFE = /\r(?!\n)|[\0-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/g;

/** `text` with every control character (see above) replaced by its `\uXXXX` escape. */
export function terminalSafe(text: string): string {
  return text.replace(TERMINAL_UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}
