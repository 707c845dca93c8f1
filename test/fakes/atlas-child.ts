/** Entry of `spawnAtlas`: the store commands in a child process. */
import { processIo } from "../../src/cli/context.ts";
import { runStoreCli } from "./cli.ts";

process.exitCode = await runStoreCli(process.argv.slice(2), processIo(), process.env);
