// Runs `atlas analyze FILE --out OUT` in its own process for the benchmark (with no
// stored layout: the peers do not lay out) and
// prints {"seconds", "rssMiB"} as the last stdout line.
import { main } from "../src/cli/main.ts";

const [file, out] = process.argv.slice(2);
const t = performance.now();
const code = await main(["analyze", file, "--out", out, "--betweenness", "approx", "--samples", "256", "--seed", "42", "--no-layout"]);
const seconds = (performance.now() - t) / 1000;
process.stdout.write("\n" + JSON.stringify({ seconds, rssMiB: process.resourceUsage().maxRSS / 1024 }) + "\n");
process.exitCode = code;
