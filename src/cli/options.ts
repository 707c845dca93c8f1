/** Parsers for numeric options (a bad value is a commander usage error, exit 2), and options several commands share. */
import { type Command, InvalidArgumentError } from "commander";

/** `--nodes FILE` and `--label-column NAME`: the nodes CSV of a CSV edge list, and which of its columns labels the nodes. */
export function addNodesOptions(cmd: Command): Command {
  return cmd
    .option("--nodes <file>", "nodes CSV (id,label,...) for a CSV edge list")
    .option("--label-column <name>", "column of the nodes CSV that labels the nodes (default: label; e.g. page_name)");
}

export function parseInteger(value: string): number {
  const n = Number(value);
  if (value.trim() === "" || !Number.isInteger(n)) throw new InvalidArgumentError(`"${value}" is not an integer.`);
  return n;
}

export function parseNonNegativeInteger(value: string): number {
  const n = parseInteger(value);
  if (n < 0) throw new InvalidArgumentError(`"${value}" is not a non-negative integer.`);
  return n;
}

export function parsePositiveInteger(value: string): number {
  const n = parseInteger(value);
  if (n < 1) throw new InvalidArgumentError(`"${value}" is not a positive integer.`);
  return n;
}

export function parsePositiveNumber(value: string): number {
  const n = Number(value);
  if (value.trim() === "" || !Number.isFinite(n) || n <= 0) {
    throw new InvalidArgumentError(`"${value}" is not a positive number.`);
  }
  return n;
}

/** A number strictly between 0 and 1 (a tolerance or a probability). */
export function parseFraction(value: string): number {
  const n = Number(value);
  if (value.trim() === "" || !(n > 0 && n < 1)) throw new InvalidArgumentError(`"${value}" is not a number between 0 and 1 (exclusive).`);
  return n;
}

/** `value` if it is one of `choices`, else a usage error listing them. */
export function oneOf<T extends string>(choices: readonly T[]): (value: string) => T {
  return (value: string): T => {
    if ((choices as readonly string[]).includes(value)) return value as T;
    throw new InvalidArgumentError(`"${value}" is not one of ${choices.join(", ")}.`);
  };
}
