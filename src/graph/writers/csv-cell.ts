/**
 * One CSV cell, as every CSV writer (graph exports and the CSV report)
 * writes it: RFC 4180 quoting, and formulas neutralised as OWASP advises
 * ("CSV Injection"): a cell that starts with `=`, `+`, `-`, `@`, tab or CR
 * gets a leading single quote, so that Excel and LibreOffice show it as
 * text instead of running it. A cell that is a plain number (`-5`,
 * `-1.2e-3`) is kept as it is: spreadsheets read it as that number.
 */

/** First characters that make a spreadsheet read a cell as a formula. */
const FORMULA_START = /^[=+\-@\t\r]/;
/** A decimal number literal, which a spreadsheet reads as a number, not a formula. */
const NUMBER_LITERAL = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/** The cell for `value`: formulas neutralised, quoted when it holds a comma, a quote, a line break or edge spaces. */
export function csvCell(value: unknown): string {
  if (value === undefined || value === null) return "";
  let s: string;
  if (typeof value === "number") s = Number.isFinite(value) ? String(value) : "";
  else if (typeof value === "string") s = value;
  else if (typeof value === "boolean") s = value ? "true" : "false";
  else s = JSON.stringify(value);
  if (FORMULA_START.test(s) && !NUMBER_LITERAL.test(s)) s = `'${s}`;
  if (/[",\r\n]/.test(s) || s !== s.trim()) return `"${s.replace(/"/g, '""')}"`;
  return s;
}
